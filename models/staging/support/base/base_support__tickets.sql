{#- Documented spellings of the case-sensitive enumerations (data_quality.md). -#}
{%- set status_values = ['Open', 'In Progress', 'Closed', 'Resolved'] -%}
{%- set priority_values = ['Low', 'Medium', 'High'] -%}
{%- set as_of = "cast('" ~ var('as_of_date') ~ "' as date)" -%}
{%- set raw_columns = [
    'source.ticket_id', 'source.customer_id', 'source.subject', 'source.description',
    'source.status', 'source.priority', 'source.category', 'source.created_date',
    'source.updated_date', 'source.assignee_name'
] -%}
{#- First failing rule wins; null = clean (fault codes of docs/data_quality.md). -#}
{%- set rules = [
    ("nullif(trim(source.ticket_id), '') is null", "missing_primary_key"),
    (is_unparseable_date('source.created_date'), "unparseable_date"),
    (is_unparseable_date('source.updated_date'), "unparseable_date"),
    (is_unknown_enum('source.status', status_values), "unknown_value"),
    (is_unknown_enum('source.priority', priority_values), "unknown_value"),
    ("accounts.account_id is null", "orphan_foreign_key"),
    (parse_date('source.updated_date') ~ ' < ' ~ parse_date('source.created_date'), "end_before_start"),
    (parse_date('source.created_date') ~ ' > ' ~ as_of, "future_date")
] -%}

with

source as (

    select * from {{ source('support', 'support_tickets') }}

),

accounts as (

    select distinct account_id from {{ ref('stg_crm__accounts') }}

),

parsed as (

    select
        nullif(trim(source.ticket_id), '') as ticket_id,
        nullif(trim(source.customer_id), '') as customer_id,
        nullif(source.subject, '') as subject,
        nullif(source.description, '') as description,
        {{ normalize_enum('source.status', status_values) }} as status,
        {{ normalize_enum('source.priority', priority_values) }} as priority,
        nullif(trim(source.category), '') as category,
        {{ parse_date('source.created_date') }} as created_date,
        {{ parse_date('source.updated_date') }} as updated_date,
        nullif(trim(source.assignee_name), '') as assignee_name,
        source._source_row,
        source._loaded_at,
        {{ duplicate_rank(raw_columns) }} as duplicate_rank,
        {{ quarantine_reason(rules) }} as quarantine_reason
    from source
    left join accounts
        on nullif(trim(source.customer_id), '') = accounts.account_id

)

select * from parsed
