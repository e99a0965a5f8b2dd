{#- Documented spellings of the case-sensitive enumerations (data_quality.md). -#}
{%- set activity_type_values = ['Email', 'Call', 'Meeting', 'Demo'] -%}
{%- set as_of = "cast('" ~ var('as_of_date') ~ "' as date)" -%}
{%- set raw_columns = [
    'source.activity_id', 'source.activity_type', 'source.rep_id', 'source.account_id',
    'source.contact_id', 'source.opp_id', 'source.lead_id', 'source.activity_at',
    'source.outcome', 'source.duration_minutes'
] -%}
{#- First failing rule wins; null = clean (fault codes of docs/data_quality.md). -#}
{%- set rules = [
    ("nullif(trim(source.activity_id), '') is null", "missing_primary_key"),
    (is_unparseable_timestamp('source.activity_at'), "unparseable_date"),
    (is_unparseable_integer('source.duration_minutes'), "unparseable_number"),
    (is_unknown_enum('source.activity_type', activity_type_values), "unknown_value"),
    ("nullif(trim(source.account_id), '') is not null and accounts.account_id is null", "orphan_foreign_key"),
    ("nullif(trim(source.opp_id), '') is not null and opportunities.opportunity_id is null", "orphan_foreign_key"),
    ('cast(' ~ parse_timestamp('source.activity_at') ~ ' as date) > ' ~ as_of, "future_date")
] -%}

with

source as (

    select * from {{ source('crm', 'activities') }}

),

accounts as (

    select distinct account_id from {{ ref('stg_crm__accounts') }}

),

opportunities as (

    select distinct opportunity_id from {{ ref('stg_crm__opportunities') }}

),

parsed as (

    select
        nullif(trim(source.activity_id), '') as activity_id,
        {{ normalize_enum('source.activity_type', activity_type_values) }} as activity_type,
        nullif(trim(source.rep_id), '') as rep_id,
        nullif(trim(source.account_id), '') as account_id,
        nullif(trim(source.contact_id), '') as contact_id,
        nullif(trim(source.opp_id), '') as opp_id,
        nullif(trim(source.lead_id), '') as lead_id,
        {{ parse_timestamp('source.activity_at') }} as activity_at,
        nullif(trim(source.outcome), '') as outcome,
        {{ parse_integer('source.duration_minutes') }} as duration_minutes,
        source._source_row,
        source._loaded_at,
        {{ duplicate_rank(raw_columns) }} as duplicate_rank,
        {{ quarantine_reason(rules) }} as quarantine_reason
    from source
    left join accounts
        on nullif(trim(source.account_id), '') = accounts.account_id
    left join opportunities
        on nullif(trim(source.opp_id), '') = opportunities.opportunity_id

)

select * from parsed
