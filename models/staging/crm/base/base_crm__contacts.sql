{#- Documented spellings of the case-sensitive enumerations (data_quality.md). -#}
{%- set as_of = "cast('" ~ var('as_of_date') ~ "' as date)" -%}
{%- set raw_columns = [
    'source.contact_id', 'source.account_id', 'source.first_name', 'source.last_name',
    'source.email', 'source.phone', 'source.title', 'source.persona',
    'source.region', 'source.created_at'
] -%}
{#- First failing rule wins; null = clean (fault codes of docs/data_quality.md). -#}
{%- set rules = [
    ("nullif(trim(source.contact_id), '') is null", "missing_primary_key"),
    (is_unparseable_timestamp('source.created_at'), "unparseable_date"),
    ("accounts.account_id is null", "orphan_foreign_key"),
    ('cast(' ~ parse_timestamp('source.created_at') ~ ' as date) > ' ~ as_of, "future_date")
] -%}

with

source as (

    select * from {{ source('crm', 'contacts') }}

),

accounts as (

    select distinct account_id from {{ ref('stg_crm__accounts') }}

),

parsed as (

    select
        nullif(trim(source.contact_id), '') as contact_id,
        nullif(trim(source.account_id), '') as account_id,
        nullif(trim(source.first_name), '') as first_name,
        nullif(trim(source.last_name), '') as last_name,
        nullif(trim(source.email), '') as email,
        nullif(trim(source.phone), '') as phone,
        nullif(trim(source.title), '') as title,
        nullif(trim(source.persona), '') as persona,
        nullif(trim(source.region), '') as region,
        {{ parse_timestamp('source.created_at') }} as created_at,
        source._source_row,
        source._loaded_at,
        {{ duplicate_rank(raw_columns) }} as duplicate_rank,
        {{ quarantine_reason(rules) }} as quarantine_reason
    from source
    left join accounts
        on nullif(trim(source.account_id), '') = accounts.account_id

)

select * from parsed
