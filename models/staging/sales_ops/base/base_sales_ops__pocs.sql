{#- Documented spellings of the case-sensitive enumerations (data_quality.md). -#}
{%- set primary_blocker_values = [
    'User_Adoption', 'Resource_Constraints', 'Missing_Integration', 'Timeline_Issues',
    'Security_Concerns', 'Performance_Issues', 'Budget_Constraints', 'Technical_Complexity'
] -%}
{%- set as_of = "cast('" ~ var('as_of_date') ~ "' as date)" -%}
{%- set raw_columns = [
    'source.poc_id', 'source.opp_id', 'source.customer_id', 'source.start_date',
    'source.end_date', 'source.duration_days', 'source.success_flag', 'source.primary_blocker'
] -%}
{#- First failing rule wins; null = clean (fault codes of docs/data_quality.md). -#}
{%- set rules = [
    ("nullif(trim(source.poc_id), '') is null", "missing_primary_key"),
    (is_unparseable_date('source.start_date'), "unparseable_date"),
    (is_unparseable_date('source.end_date'), "unparseable_date"),
    (is_unparseable_integer('source.duration_days'), "unparseable_number"),
    (is_unparseable_integer('source.success_flag'), "unparseable_number"),
    (parse_integer('source.success_flag') ~ ' not in (0, 1)', "unknown_value"),
    (is_unknown_enum('source.primary_blocker', primary_blocker_values), "unknown_value"),
    ("opportunities.opportunity_id is null", "orphan_foreign_key"),
    ("accounts.account_id is null", "orphan_foreign_key"),
    (parse_date('source.end_date') ~ ' < ' ~ parse_date('source.start_date'), "end_before_start"),
    (parse_date('source.start_date') ~ ' > ' ~ as_of, "future_date")
] -%}

with

source as (

    select * from {{ source('sales_ops', 'poc_tracker') }}

),

opportunities as (

    select distinct opportunity_id from {{ ref('stg_crm__opportunities') }}

),

accounts as (

    select distinct account_id from {{ ref('stg_crm__accounts') }}

),

parsed as (

    select
        nullif(trim(source.poc_id), '') as poc_id,
        nullif(trim(source.opp_id), '') as opp_id,
        nullif(trim(source.customer_id), '') as customer_id,
        {{ parse_date('source.start_date') }} as start_date,
        {{ parse_date('source.end_date') }} as end_date,
        {{ parse_integer('source.duration_days') }} as duration_days,
        {{ parse_integer('source.success_flag') }} as success_flag,
        {{ normalize_enum('source.primary_blocker', primary_blocker_values) }} as primary_blocker,
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
