{#- Documented spellings of the case-sensitive enumerations (data_quality.md). -#}
{%- set product_family_values = ['Platform', 'Analytics', 'Mobile'] -%}
{%- set event_type_values = [
    'assigned', 'activated', 'deactivated', 'quality_activation', 'medium_activation',
    'reduced_activation'
] -%}
{%- set as_of = "cast('" ~ var('as_of_date') ~ "' as date)" -%}
{%- set raw_columns = [
    'source.event_id', 'source.account_id', 'source.product_family', 'source.seat_id',
    'source.event_type', 'source.event_at'
] -%}
{#- First failing rule wins; null = clean (fault codes of docs/data_quality.md). -#}
{%- set rules = [
    ("nullif(trim(source.event_id), '') is null", "missing_primary_key"),
    (is_unparseable_timestamp('source.event_at'), "unparseable_date"),
    (is_unknown_enum('source.product_family', product_family_values), "unknown_value"),
    (is_unknown_enum('source.event_type', event_type_values), "unknown_value"),
    ("accounts.account_id is null", "orphan_foreign_key"),
    ('cast(' ~ parse_timestamp('source.event_at') ~ ' as date) > ' ~ as_of, "future_date")
] -%}

with

source as (

    select * from {{ source('product', 'license_events') }}

),

accounts as (

    select distinct account_id from {{ ref('stg_crm__accounts') }}

),

parsed as (

    select
        nullif(trim(source.event_id), '') as event_id,
        nullif(trim(source.account_id), '') as account_id,
        {{ normalize_enum('source.product_family', product_family_values) }} as product_family,
        nullif(trim(source.seat_id), '') as seat_id,
        {{ normalize_enum('source.event_type', event_type_values) }} as event_type,
        {{ parse_timestamp('source.event_at') }} as event_at,
        source._source_row,
        source._loaded_at,
        {{ duplicate_rank(raw_columns) }} as duplicate_rank,
        {{ quarantine_reason(rules) }} as quarantine_reason
    from source
    left join accounts
        on nullif(trim(source.account_id), '') = accounts.account_id

)

select * from parsed
