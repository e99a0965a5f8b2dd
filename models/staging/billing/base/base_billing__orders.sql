{#- Documented spellings of the case-sensitive enumerations (data_quality.md). -#}
{%- set order_type_values = ['New', 'Expansion', 'Renewal', 'Contraction'] -%}
{%- set product_bundle_code_values = ['HEALTH_PREMIUM', 'EDU_STANDARD', 'CORE_BASIC'] -%}
{%- set as_of = "cast('" ~ var('as_of_date') ~ "' as date)" -%}
{%- set raw_columns = [
    'source.order_id', 'source.account_id', 'source.opp_id', 'source.order_type',
    'source.product_bundle_code', 'source.quantity', 'source.start_date', 'source.end_date',
    'source.term_months', 'source.billing_frequency', 'source.arr', 'source.total_contract_value',
    'source.invoice_date'
] -%}
{#- First failing rule wins; null = clean (fault codes of docs/data_quality.md). -#}
{%- set rules = [
    ("nullif(trim(source.order_id), '') is null", "missing_primary_key"),
    (is_unparseable_date('source.start_date'), "unparseable_date"),
    (is_unparseable_date('source.end_date'), "unparseable_date"),
    (is_unparseable_date('source.invoice_date'), "unparseable_date"),
    (is_unparseable_integer('source.quantity'), "unparseable_number"),
    (is_unparseable_integer('source.term_months'), "unparseable_number"),
    (is_unparseable_number('source.arr'), "unparseable_number"),
    (is_unparseable_number('source.total_contract_value'), "unparseable_number"),
    (is_unknown_enum('source.order_type', order_type_values), "unknown_value"),
    (is_unknown_enum('source.product_bundle_code', product_bundle_code_values), "unknown_value"),
    ("accounts.account_id is null", "orphan_foreign_key"),
    ("nullif(trim(source.opp_id), '') is not null and opportunities.opportunity_id is null", "orphan_foreign_key"),
    (parse_date('source.end_date') ~ ' < ' ~ parse_date('source.start_date'), "end_before_start")
] -%}

with

source as (

    select * from {{ source('billing', 'billing_orders') }}

),

accounts as (

    select distinct account_id from {{ ref('stg_crm__accounts') }}

),

opportunities as (

    select distinct opportunity_id from {{ ref('stg_crm__opportunities') }}

),

parsed as (

    select
        nullif(trim(source.order_id), '') as order_id,
        nullif(trim(source.account_id), '') as account_id,
        nullif(trim(source.opp_id), '') as opp_id,
        {{ normalize_enum('source.order_type', order_type_values) }} as order_type,
        {{ normalize_enum('source.product_bundle_code', product_bundle_code_values) }} as product_bundle_code,
        {{ parse_integer('source.quantity') }} as quantity,
        {{ parse_date('source.start_date') }} as start_date,
        {{ parse_date('source.end_date') }} as end_date,
        {{ parse_integer('source.term_months') }} as term_months,
        nullif(trim(source.billing_frequency), '') as billing_frequency,
        {{ parse_number('source.arr') }} as arr,
        {{ parse_number('source.total_contract_value') }} as total_contract_value,
        {{ parse_date('source.invoice_date') }} as invoice_date,
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
