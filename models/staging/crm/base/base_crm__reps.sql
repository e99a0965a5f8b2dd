{#- Documented spellings of the case-sensitive enumerations (data_quality.md). -#}
{%- set role_values = ['BDR', 'AE', 'SE', 'CSM', 'Manager'] -%}
{%- set as_of = "cast('" ~ var('as_of_date') ~ "' as date)" -%}
{%- set raw_columns = [
    'source.rep_id', 'source.full_name', 'source.email', 'source.role',
    'source.manager_rep_id', 'source.territory_id', 'source.region', 'source.hire_date',
    'source.termination_date'
] -%}
{#- First failing rule wins; null = clean (fault codes of docs/data_quality.md). -#}
{%- set rules = [
    ("nullif(trim(source.rep_id), '') is null", "missing_primary_key"),
    (is_unparseable_date('source.hire_date'), "unparseable_date"),
    (is_unparseable_date('source.termination_date'), "unparseable_date"),
    (is_unknown_enum('source.role', role_values), "unknown_value"),
    (parse_date('source.termination_date') ~ ' < ' ~ parse_date('source.hire_date'), "end_before_start")
] -%}

with

source as (

    select * from {{ source('crm', 'reps') }}

),

parsed as (

    select
        nullif(trim(source.rep_id), '') as rep_id,
        nullif(trim(source.full_name), '') as full_name,
        nullif(trim(source.email), '') as email,
        {{ normalize_enum('source.role', role_values) }} as role,  -- noqa: RF04
        nullif(trim(source.manager_rep_id), '') as manager_rep_id,
        nullif(trim(source.territory_id), '') as territory_id,
        nullif(trim(source.region), '') as region,
        {{ parse_date('source.hire_date') }} as hire_date,
        {{ parse_date('source.termination_date') }} as termination_date,
        source._source_row,
        source._loaded_at,
        {{ duplicate_rank(raw_columns) }} as duplicate_rank,
        {{ quarantine_reason(rules) }} as quarantine_reason
    from source

)

select * from parsed
