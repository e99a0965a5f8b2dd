{#- Documented spellings of the case-sensitive enumerations (data_quality.md). -#}
{%- set status_values = ['Open', 'Won', 'Lost'] -%}
{%- set lead_source_values = ['Direct', 'Phone Inquiry', 'Web', 'Search Engine', 'Referral'] -%}
{%- set customer_type_values = ['Enterprise', 'Mid-Market'] -%}
{%- set opportunity_type_values = ['New Business', 'Expansion', 'Renewal'] -%}
{%- set stage_values = [
    'Prospecting', 'Discovery', 'Proposal', 'Negotiation', 'Closed Won', 'Closed Lost'
] -%}
{%- set forecast_category_values = ['Pipeline', 'Best Case', 'Commit', 'Closed', 'Omitted'] -%}
{%- set product_bundle_code_values = ['HEALTH_PREMIUM', 'EDU_STANDARD', 'CORE_BASIC'] -%}
{%- set as_of = "cast('" ~ var('as_of_date') ~ "' as date)" -%}
{%- set raw_columns = [
    'source.opp_id', 'source.customer_id', 'source.customer_name', 'source.contact_id',
    'source.contact_name', 'source.status', 'source.lead_source', 'source.customer_type',
    'source.opportunity_type', 'source.stage', 'source.probability', 'source.forecast_category',
    'source.product_bundle_code', 'source.amount', 'source.created_date', 'source.close_date',
    'source.owner_rep_id', 'source.loss_reason', 'source.competitor'
] -%}
{#- First failing rule wins; null = clean (fault codes of docs/data_quality.md). -#}
{%- set rules = [
    ("nullif(trim(source.opp_id), '') is null", "missing_primary_key"),
    (is_unparseable_date('source.created_date'), "unparseable_date"),
    (is_unparseable_date('source.close_date'), "unparseable_date"),
    (is_unparseable_number('source.probability'), "unparseable_number"),
    (is_unparseable_number('source.amount'), "unparseable_number"),
    (is_unknown_enum('source.status', status_values), "unknown_value"),
    (is_unknown_enum('source.lead_source', lead_source_values), "unknown_value"),
    (is_unknown_enum('source.customer_type', customer_type_values), "unknown_value"),
    (is_unknown_enum('source.opportunity_type', opportunity_type_values), "unknown_value"),
    (is_unknown_enum('source.stage', stage_values), "unknown_value"),
    (is_unknown_enum('source.forecast_category', forecast_category_values), "unknown_value"),
    (is_unknown_enum('source.product_bundle_code', product_bundle_code_values), "unknown_value"),
    ("accounts.account_id is null", "orphan_foreign_key"),
    (parse_number('source.amount') ~ ' < 0', "negative_amount"),
    (parse_date('source.created_date') ~ ' > ' ~ as_of, "future_date")
] -%}

with

source as (

    select * from {{ source('crm', 'opportunities') }}

),

accounts as (

    select distinct account_id from {{ ref('stg_crm__accounts') }}

),

parsed as (

    select
        nullif(trim(source.opp_id), '') as opp_id,
        nullif(trim(source.customer_id), '') as customer_id,
        nullif({{ canonical_company_name('source.customer_name') }}, '') as customer_name,
        nullif(trim(source.contact_id), '') as contact_id,
        nullif(trim(source.contact_name), '') as contact_name,
        {{ normalize_enum('source.status', status_values) }} as status,
        {{ normalize_enum('source.lead_source', lead_source_values) }} as lead_source,
        {{ normalize_enum('source.customer_type', customer_type_values) }} as customer_type,
        {{ normalize_enum('source.opportunity_type', opportunity_type_values) }} as opportunity_type,
        {{ normalize_enum('source.stage', stage_values) }} as stage,  -- noqa: RF04
        {{ parse_number('source.probability') }} as probability,
        {{ normalize_enum('source.forecast_category', forecast_category_values) }} as forecast_category,
        {{ normalize_enum('source.product_bundle_code', product_bundle_code_values) }} as product_bundle_code,
        {{ parse_number('source.amount') }} as amount,
        {{ parse_date('source.created_date') }} as created_date,
        {{ parse_date('source.close_date') }} as close_date,
        nullif(trim(source.owner_rep_id), '') as owner_rep_id,
        nullif(trim(source.loss_reason), '') as loss_reason,
        nullif(trim(source.competitor), '') as competitor,
        source._source_row,
        source._loaded_at,
        {{ duplicate_rank(raw_columns) }} as duplicate_rank,
        {{ quarantine_reason(rules) }} as quarantine_reason
    from source
    left join accounts
        on nullif(trim(source.customer_id), '') = accounts.account_id

)

select * from parsed
