{#- Documented spellings of the case-sensitive enumerations (data_quality.md). -#}
{%- set as_of = "cast('" ~ var('as_of_date') ~ "' as date)" -%}
{%- set raw_columns = [
    'source.campaign_id', 'source.campaign_name', 'source.channel', 'source.start_date',
    'source.end_date', 'source.budget'
] -%}
{#- First failing rule wins; null = clean (fault codes of docs/data_quality.md). -#}
{%- set rules = [
    ("nullif(trim(source.campaign_id), '') is null", "missing_primary_key"),
    (is_unparseable_date('source.start_date'), "unparseable_date"),
    (is_unparseable_date('source.end_date'), "unparseable_date"),
    (is_unparseable_number('source.budget'), "unparseable_number"),
    (parse_date('source.end_date') ~ ' < ' ~ parse_date('source.start_date'), "end_before_start")
] -%}

with

source as (

    select * from {{ source('marketing', 'campaigns') }}

),

parsed as (

    select
        nullif(trim(source.campaign_id), '') as campaign_id,
        nullif(trim(source.campaign_name), '') as campaign_name,
        nullif(trim(source.channel), '') as channel,
        {{ parse_date('source.start_date') }} as start_date,
        {{ parse_date('source.end_date') }} as end_date,
        {{ parse_number('source.budget') }} as budget,
        source._source_row,
        source._loaded_at,
        {{ duplicate_rank(raw_columns) }} as duplicate_rank,
        {{ quarantine_reason(rules) }} as quarantine_reason
    from source

)

select * from parsed
