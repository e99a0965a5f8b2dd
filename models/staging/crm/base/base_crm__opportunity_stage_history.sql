{#- Documented spellings of the case-sensitive enumerations (data_quality.md). -#}
{%- set stage_values = [
    'Prospecting', 'Discovery', 'Proposal', 'Negotiation', 'Closed Won', 'Closed Lost'
] -%}
{%- set as_of = "cast('" ~ var('as_of_date') ~ "' as date)" -%}
{%- set raw_columns = [
    'source.history_id', 'source.opp_id', 'source.stage', 'source.entered_at',
    'source.amount', 'source.probability', 'source.expected_close_date', 'source.changed_by_rep_id'
] -%}
{#- First failing rule wins; null = clean (fault codes of docs/data_quality.md). -#}
{%- set rules = [
    ("nullif(trim(source.history_id), '') is null", "missing_primary_key"),
    (is_unparseable_timestamp('source.entered_at'), "unparseable_date"),
    (is_unparseable_date('source.expected_close_date'), "unparseable_date"),
    (is_unparseable_number('source.amount'), "unparseable_number"),
    (is_unparseable_number('source.probability'), "unparseable_number"),
    (is_unknown_enum('source.stage', stage_values), "unknown_value"),
    ("opportunities.opportunity_id is null", "orphan_foreign_key"),
    ('cast(' ~ parse_timestamp('source.entered_at') ~ ' as date) > ' ~ as_of, "future_date")
] -%}

with

source as (

    select * from {{ source('crm', 'opportunity_stage_history') }}

),

opportunities as (

    select distinct opportunity_id from {{ ref('stg_crm__opportunities') }}

),

parsed as (

    select
        nullif(trim(source.history_id), '') as history_id,
        nullif(trim(source.opp_id), '') as opp_id,
        {{ normalize_enum('source.stage', stage_values) }} as stage,  -- noqa: RF04
        {{ parse_timestamp('source.entered_at') }} as entered_at,
        {{ parse_number('source.amount') }} as amount,
        {{ parse_number('source.probability') }} as probability,
        {{ parse_date('source.expected_close_date') }} as expected_close_date,
        nullif(trim(source.changed_by_rep_id), '') as changed_by_rep_id,
        source._source_row,
        source._loaded_at,
        {{ duplicate_rank(raw_columns) }} as duplicate_rank,
        {{ quarantine_reason(rules) }} as quarantine_reason
    from source
    left join opportunities
        on nullif(trim(source.opp_id), '') = opportunities.opportunity_id

)

select * from parsed
