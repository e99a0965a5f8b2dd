{#- Documented spellings of the case-sensitive enumerations (data_quality.md). -#}
{%- set industry_values = [
    'Healthcare', 'Education', 'Manufacturing', 'Technology', 'Financial Services', 'Other'
] -%}
{%- set customer_type_values = ['Enterprise', 'Mid-Market'] -%}
{%- set status_values = ['prospect', 'customer', 'churned'] -%}
{%- set as_of = "cast('" ~ var('as_of_date') ~ "' as date)" -%}
{%- set raw_columns = [
    'source.account_id', 'source.account_name', 'source.parent_account_id', 'source.industry',
    'source.customer_type', 'source.employee_count', 'source.annual_revenue_band', 'source.postal_code',
    'source.region', 'source.country', 'source.status', 'source.owner_rep_id',
    'source.created_at'
] -%}
{#- First failing rule wins; null = clean (fault codes of docs/data_quality.md). -#}
{%- set rules = [
    ("nullif(trim(source.account_id), '') is null", "missing_primary_key"),
    (is_unparseable_timestamp('source.created_at'), "unparseable_date"),
    (is_unparseable_integer('source.employee_count'), "unparseable_number"),
    (is_unknown_enum('source.industry', industry_values), "unknown_value"),
    (is_unknown_enum('source.customer_type', customer_type_values), "unknown_value"),
    (is_unknown_enum('source.status', status_values), "unknown_value"),
    ('cast(' ~ parse_timestamp('source.created_at') ~ ' as date) > ' ~ as_of, "future_date")
] -%}

with

source as (

    select * from {{ source('crm', 'accounts') }}

),

parsed as (

    select
        nullif(trim(source.account_id), '') as account_id,
        nullif({{ canonical_company_name('source.account_name') }}, '') as account_name,
        nullif(trim(source.parent_account_id), '') as parent_account_id,
        {{ normalize_enum('source.industry', industry_values) }} as industry,
        {{ normalize_enum('source.customer_type', customer_type_values) }} as customer_type,
        {{ parse_integer('source.employee_count') }} as employee_count,
        nullif(trim(source.annual_revenue_band), '') as annual_revenue_band,
        nullif(trim(source.postal_code), '') as postal_code,
        nullif(trim(source.region), '') as region,
        nullif(trim(source.country), '') as country,
        {{ normalize_enum('source.status', status_values) }} as status,
        nullif(trim(source.owner_rep_id), '') as owner_rep_id,
        {{ parse_timestamp('source.created_at') }} as created_at,
        source._source_row,
        source._loaded_at,
        {{ duplicate_rank(raw_columns) }} as duplicate_rank,
        {{ quarantine_reason(rules) }} as quarantine_reason
    from source

)

select * from parsed
