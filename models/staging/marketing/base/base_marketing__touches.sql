{#- Documented spellings of the case-sensitive enumerations (data_quality.md). -#}
{%- set touch_type_values = [
    'Webinar Attendance', 'Form Submission', 'Paid Click', 'Email Click', 'Event Visit'
] -%}
{%- set as_of = "cast('" ~ var('as_of_date') ~ "' as date)" -%}
{%- set raw_columns = [
    'source.touch_id', 'source.campaign_id', 'source.lead_id', 'source.contact_id',
    'source.touch_type', 'source.touched_at'
] -%}
{#- First failing rule wins; null = clean (fault codes of docs/data_quality.md). -#}
{%- set rules = [
    ("nullif(trim(source.touch_id), '') is null", "missing_primary_key"),
    (is_unparseable_timestamp('source.touched_at'), "unparseable_date"),
    (is_unknown_enum('source.touch_type', touch_type_values), "unknown_value"),
    ('cast(' ~ parse_timestamp('source.touched_at') ~ ' as date) > ' ~ as_of, "future_date")
] -%}

with

source as (

    select * from {{ source('marketing', 'marketing_touches') }}

),

parsed as (

    select
        nullif(trim(source.touch_id), '') as touch_id,
        nullif(trim(source.campaign_id), '') as campaign_id,
        nullif(trim(source.lead_id), '') as lead_id,
        nullif(trim(source.contact_id), '') as contact_id,
        {{ normalize_enum('source.touch_type', touch_type_values) }} as touch_type,
        {{ parse_timestamp('source.touched_at') }} as touched_at,
        source._source_row,
        source._loaded_at,
        {{ duplicate_rank(raw_columns) }} as duplicate_rank,
        {{ quarantine_reason(rules) }} as quarantine_reason
    from source

)

select * from parsed
