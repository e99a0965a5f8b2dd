{#- Documented spellings of the case-sensitive enumerations (data_quality.md). -#}
{%- set product_bundle_code_values = ['HEALTH_PREMIUM', 'EDU_STANDARD', 'CORE_BASIC'] -%}
{%- set as_of = "cast('" ~ var('as_of_date') ~ "' as date)" -%}
{%- set raw_columns = [
    'source.quote_id', 'source.opp_id', 'source.customer_id', 'source.quote_date',
    'source.product_bundle_code', 'source.quantity', 'source.list_price', 'source.discount_pct',
    'source.term_months', 'source.quote_version'
] -%}
{#- First failing rule wins; null = clean (fault codes of docs/data_quality.md). -#}
{%- set rules = [
    ("nullif(trim(source.quote_id), '') is null", "missing_primary_key"),
    (is_unparseable_date('source.quote_date'), "unparseable_date"),
    (is_unparseable_integer('source.quantity'), "unparseable_number"),
    (is_unparseable_number('source.list_price'), "unparseable_number"),
    (is_unparseable_number('source.discount_pct'), "unparseable_number"),
    (is_unparseable_integer('source.term_months'), "unparseable_number"),
    (is_unparseable_integer('source.quote_version'), "unparseable_number"),
    (is_unknown_enum('source.product_bundle_code', product_bundle_code_values), "unknown_value"),
    (parse_integer('source.term_months') ~ ' not in (12, 24, 36)', "unknown_value"),
    ("opportunities.opportunity_id is null", "orphan_foreign_key"),
    ("accounts.account_id is null", "orphan_foreign_key"),
    (parse_integer('source.quantity') ~ ' < 0', "negative_amount"),
    (parse_number('source.list_price') ~ ' < 0', "negative_amount"),
    (parse_number('source.discount_pct') ~ ' < 0', "discount_out_of_range"),
    (parse_number('source.discount_pct') ~ ' > 100', "discount_out_of_range"),
    (parse_date('source.quote_date') ~ ' > ' ~ as_of, "future_date")
] -%}

with

source as (

    select * from {{ source('cpq', 'quotes') }}

),

opportunities as (

    select distinct opportunity_id from {{ ref('stg_crm__opportunities') }}

),

accounts as (

    select distinct account_id from {{ ref('stg_crm__accounts') }}

),

parsed as (

    select
        nullif(trim(source.quote_id), '') as quote_id,
        nullif(trim(source.opp_id), '') as opp_id,
        nullif(trim(source.customer_id), '') as customer_id,
        {{ parse_date('source.quote_date') }} as quote_date,
        {{ normalize_enum('source.product_bundle_code', product_bundle_code_values) }} as product_bundle_code,
        {{ parse_integer('source.quantity') }} as quantity,
        {{ parse_number('source.list_price') }} as list_price,
        {{ parse_number('source.discount_pct') }} as discount_pct,
        {{ parse_integer('source.term_months') }} as term_months,
        {{ parse_integer('source.quote_version') }} as quote_version,
        source._source_row,
        source._loaded_at,
        {{ duplicate_rank(raw_columns) }} as duplicate_rank,
        {{ quarantine_reason(rules) }} as quarantine_reason
    from source
    left join opportunities
        on nullif(trim(source.opp_id), '') = opportunities.opportunity_id
    left join accounts
        on nullif(trim(source.customer_id), '') = accounts.account_id

)

select * from parsed
