{#- Documented spellings of the case-sensitive enumerations (data_quality.md). -#}
{%- set account_type_values = ['Income', 'Cost of Goods', 'Operating Expenses', 'Net Income'] -%}
{%- set industry_values = [
    'Healthcare', 'Education', 'Manufacturing', 'Technology', 'Financial Services', 'Other'
] -%}
{%- set customer_type_values = ['Enterprise', 'Mid-Market'] -%}
{%- set as_of = "cast('" ~ var('as_of_date') ~ "' as date)" -%}
{%- set raw_columns = [
    'source.transaction_id', 'source.customer_id', 'source.customer_name', 'source.transaction_date',
    'source.account_type', 'source.amount', 'source.industry', 'source.customer_type'
] -%}
{#- First failing rule wins; null = clean (fault codes of docs/data_quality.md). -#}
{%- set rules = [
    ("nullif(trim(source.transaction_id), '') is null", "missing_primary_key"),
    (is_unparseable_date('source.transaction_date'), "unparseable_date"),
    (is_unparseable_number('source.amount'), "unparseable_number"),
    (is_unknown_enum('source.account_type', account_type_values), "unknown_value"),
    (is_unknown_enum('source.industry', industry_values), "unknown_value"),
    (is_unknown_enum('source.customer_type', customer_type_values), "unknown_value"),
    ("accounts.account_id is null", "orphan_foreign_key"),
    (parse_date('source.transaction_date') ~ ' > ' ~ as_of, "future_date")
] -%}

with

source as (

    select * from {{ source('finance', 'accounting_data') }}

),

accounts as (

    select distinct account_id from {{ ref('stg_crm__accounts') }}

),

parsed as (

    select
        nullif(trim(source.transaction_id), '') as transaction_id,
        nullif(trim(source.customer_id), '') as customer_id,
        nullif({{ canonical_company_name('source.customer_name') }}, '') as customer_name,
        {{ parse_date('source.transaction_date') }} as transaction_date,
        {{ normalize_enum('source.account_type', account_type_values) }} as account_type,
        {{ parse_number('source.amount') }} as amount,
        {{ normalize_enum('source.industry', industry_values) }} as industry,
        {{ normalize_enum('source.customer_type', customer_type_values) }} as customer_type,
        source._source_row,
        source._loaded_at,
        {{ duplicate_rank(raw_columns) }} as duplicate_rank,
        {{ quarantine_reason(rules) }} as quarantine_reason
    from source
    left join accounts
        on nullif(trim(source.customer_id), '') = accounts.account_id

)

select * from parsed
