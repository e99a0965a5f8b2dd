{#
    One row per support ticket. is_resolved = status Closed or Resolved;
    resolution_days = updated_date - created_date for resolved tickets (never
    negative: a resolution dated before creation counts as 0 days). The SLA
    target comes from var('cs_ticket_sla_days') by priority; a resolved ticket
    breaches when it took longer than the target, an unresolved one when its age
    at as_of_date already exceeds it. Subject and description stay in staging
    (free text may hold customer personal data); the assignee is an employee.
#}
{%- set sla_days = var('cs_ticket_sla_days') -%}

with

tickets as (

    select * from {{ ref('stg_support__tickets') }}

),

accounts as (

    select * from {{ ref('dim_accounts') }}

),

measured as (

    select
        tickets.ticket_id,
        tickets.account_id,
        accounts.customer_type,
        accounts.ultimate_parent_account_id,
        tickets.status,
        tickets.priority,
        tickets.category,
        tickets.assignee_name,
        tickets.created_date,
        tickets.updated_date,
        tickets.status in ('Closed', 'Resolved') as is_resolved,
        case
            when tickets.status in ('Closed', 'Resolved') then tickets.updated_date
        end as resolved_date,
        case
            when tickets.status in ('Closed', 'Resolved')
                then {{ dbt.datediff('tickets.created_date', 'tickets.updated_date', 'day') }}
        end as raw_resolution_days,
        {{ dbt.datediff('tickets.created_date', as_of_date(), 'day') }}
            as age_days_at_as_of,
        case
            when tickets.priority = 'High' then {{ sla_days['High'] }}
            when tickets.priority = 'Medium' then {{ sla_days['Medium'] }}
            when tickets.priority = 'Low' then {{ sla_days['Low'] }}
        end as sla_target_days
    from tickets
    left join accounts
        on tickets.account_id = accounts.account_id

),

classified as (

    select
        *,
        greatest(raw_resolution_days, 0) as resolution_days,
        case when is_resolved then null else age_days_at_as_of end as open_age_days,
        case
            when sla_target_days is null then null
            when is_resolved then greatest(raw_resolution_days, 0) > sla_target_days
            else age_days_at_as_of > sla_target_days
        end as is_sla_breached
    from measured

),

final as (

    select {{ contract_columns() }}
    from classified

)

select * from final
