{#- Documented spellings of the case-sensitive enumerations (data_quality.md). -#}
{%- set product_family_values = ['Platform', 'Analytics', 'Mobile'] -%}
{%- set as_of = "cast('" ~ var('as_of_date') ~ "' as date)" -%}
{%- set raw_columns = [
    'source.entitlement_id', 'source.account_id', 'source.product_family', 'source.entitled_seats',
    'source.start_date', 'source.end_date'
] -%}
{#- First failing rule wins; null = clean (fault codes of docs/data_quality.md). -#}
{%- set rules = [
    ("nullif(trim(source.entitlement_id), '') is null", "missing_primary_key"),
    (is_unparseable_date('source.start_date'), "unparseable_date"),
    (is_unparseable_date('source.end_date'), "unparseable_date"),
    (is_unparseable_integer('source.entitled_seats'), "unparseable_number"),
    (is_unknown_enum('source.product_family', product_family_values), "unknown_value"),
    ("accounts.account_id is null", "orphan_foreign_key"),
    (parse_date('source.end_date') ~ ' < ' ~ parse_date('source.start_date'), "end_before_start")
] -%}

with

source as (

    select * from {{ source('product', 'seat_entitlements') }}

),

accounts as (

    select distinct account_id from {{ ref('stg_crm__accounts') }}

),

parsed as (

    select
        nullif(trim(source.entitlement_id), '') as entitlement_id,
        nullif(trim(source.account_id), '') as account_id,
        {{ normalize_enum('source.product_family', product_family_values) }} as product_family,
        {{ parse_integer('source.entitled_seats') }} as entitled_seats,
        {{ parse_date('source.start_date') }} as start_date,
        {{ parse_date('source.end_date') }} as end_date,
        source._source_row,
        source._loaded_at,
        {{ duplicate_rank(raw_columns) }} as duplicate_rank,
        {{ quarantine_reason(rules) }} as quarantine_reason
    from source
    left join accounts
        on nullif(trim(source.account_id), '') = accounts.account_id

)

select * from parsed
