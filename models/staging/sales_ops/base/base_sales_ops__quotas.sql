{#- Documented spellings of the case-sensitive enumerations (data_quality.md). -#}
{%- set customer_type_values = ['Enterprise', 'Mid-Market'] -%}
{%- set sales_motion_values = ['New Business', 'Expansion', 'Renewal'] -%}
{%- set as_of = "cast('" ~ var('as_of_date') ~ "' as date)" -%}
{%- set raw_columns = [
    'source.quota_id', 'source.rep_id', 'source.region', 'source.customer_type',
    'source.sales_motion', 'source.fiscal_quarter_start', 'source.quota_amount'
] -%}
{#- First failing rule wins; null = clean (fault codes of docs/data_quality.md). -#}
{%- set rules = [
    ("nullif(trim(source.quota_id), '') is null", "missing_primary_key"),
    (is_unparseable_date('source.fiscal_quarter_start'), "unparseable_date"),
    (is_unparseable_number('source.quota_amount'), "unparseable_number"),
    (is_unknown_enum('source.customer_type', customer_type_values), "unknown_value"),
    (is_unknown_enum('source.sales_motion', sales_motion_values), "unknown_value")
] -%}

with

source as (

    select * from {{ source('sales_ops', 'quotas') }}

),

parsed as (

    select
        nullif(trim(source.quota_id), '') as quota_id,
        nullif(trim(source.rep_id), '') as rep_id,
        nullif(trim(source.region), '') as region,
        {{ normalize_enum('source.customer_type', customer_type_values) }} as customer_type,
        {{ normalize_enum('source.sales_motion', sales_motion_values) }} as sales_motion,
        {{ parse_date('source.fiscal_quarter_start') }} as fiscal_quarter_start,
        {{ parse_number('source.quota_amount') }} as quota_amount,
        source._source_row,
        source._loaded_at,
        {{ duplicate_rank(raw_columns) }} as duplicate_rank,
        {{ quarantine_reason(rules) }} as quarantine_reason
    from source

)

select * from parsed
