{#- Documented spellings of the case-sensitive enumerations (data_quality.md). -#}
{%- set lead_source_values = [
    'Cold Outreach', 'Direct Mail', 'Content Download', 'Webinar', 'Search Engine', 'Referral',
    'Demo Request', 'Trade Show', 'Social Media', 'Web Form'
] -%}
{%- set disposition_code_values = [
    'Qualified', 'Unqualified', 'Nurture', 'Bad Data', 'Duplicate', 'Recycled'
] -%}
{%- set lead_status_values = ['Unassigned', 'New', 'In Progress', 'Converted', 'Closed'] -%}
{%- set as_of = "cast('" ~ var('as_of_date') ~ "' as date)" -%}
{%- set raw_columns = [
    'source.lead_id', 'source.customer_id', 'source.lead_source', 'source.created_date',
    'source.mql_date', 'source.sql_date', 'source.disposition_code', 'source.owner_rep_id',
    'source.campaign_id', 'source.postal_code', 'source.lead_score', 'source.lead_status'
] -%}
{#- First failing rule wins; null = clean (fault codes of docs/data_quality.md). -#}
{%- set rules = [
    ("nullif(trim(source.lead_id), '') is null", "missing_primary_key"),
    (is_unparseable_date('source.created_date'), "unparseable_date"),
    (is_unparseable_date('source.mql_date'), "unparseable_date"),
    (is_unparseable_date('source.sql_date'), "unparseable_date"),
    (is_unparseable_integer('source.lead_score'), "unparseable_number"),
    (is_unknown_enum('source.lead_source', lead_source_values), "unknown_value"),
    (is_unknown_enum('source.disposition_code', disposition_code_values), "unknown_value"),
    (is_unknown_enum('source.lead_status', lead_status_values), "unknown_value"),
    ("accounts.account_id is null", "orphan_foreign_key"),
    (parse_date('source.mql_date') ~ ' < ' ~ parse_date('source.created_date'), "mql_before_created"),
    (parse_date('source.created_date') ~ ' > ' ~ as_of, "future_date")
] -%}

with

source as (

    select * from {{ source('crm', 'leads') }}

),

accounts as (

    select distinct account_id from {{ ref('stg_crm__accounts') }}

),

parsed as (

    select
        nullif(trim(source.lead_id), '') as lead_id,
        nullif(trim(source.customer_id), '') as customer_id,
        {{ normalize_enum('source.lead_source', lead_source_values) }} as lead_source,
        {{ parse_date('source.created_date') }} as created_date,
        {{ parse_date('source.mql_date') }} as mql_date,
        {{ parse_date('source.sql_date') }} as sql_date,
        {{ normalize_enum('source.disposition_code', disposition_code_values) }} as disposition_code,
        nullif(trim(source.owner_rep_id), '') as owner_rep_id,
        nullif(trim(source.campaign_id), '') as campaign_id,
        nullif(trim(source.postal_code), '') as postal_code,
        {{ parse_integer('source.lead_score') }} as lead_score,
        {{ normalize_enum('source.lead_status', lead_status_values) }} as lead_status,
        source._source_row,
        source._loaded_at,
        {{ duplicate_rank(raw_columns) }} as duplicate_rank,
        {{ quarantine_reason(rules) }} as quarantine_reason
    from source
    left join accounts
        on nullif(trim(source.customer_id), '') = accounts.account_id

)

select * from parsed
