{#-
    One row per rep with the workload measures the auto top-up needs, as of
    var('as_of_date'): the rep's owned lead queue by status, the leads the rep
    brought to a conclusion (Converted or Closed), and the rep's activities in
    the trailing window of var('top_up_activity_window_days') days ending on
    the as-of date (inclusive). Reps without leads or activities get zeros.
-#}
{%- set as_of_day = var('as_of_date') | string -%}
{%- set window_days = var('top_up_activity_window_days') | int -%}
{%- set activity_window_start = (
    modules.datetime.date.fromisoformat(as_of_day) - modules.datetime.timedelta(days=window_days - 1)
).isoformat() -%}

with

reps as (

    select * from {{ ref('stg_crm__reps') }}

),

leads as (

    select * from {{ ref('int_leads_matched_to_territories') }}

),

activities as (

    select * from {{ ref('stg_crm__activities') }}

),

lead_queues as (

    select
        owner_rep_id as rep_id,
        sum(case when lead_status = 'New' then 1 else 0 end) as new_leads,
        sum(case when lead_status = 'In Progress' then 1 else 0 end) as in_progress_leads,
        sum(case when lead_status = 'Converted' then 1 else 0 end) as converted_leads,
        sum(case when lead_status = 'Closed' then 1 else 0 end) as closed_leads
    from leads
    where owner_rep_id is not null
    group by 1

),

recent_activities as (

    select
        rep_id,
        count(*) as activities_in_window
    from activities
    where
        rep_id is not null
        and cast(activity_at as date) >= cast('{{ activity_window_start }}' as date)
        and cast(activity_at as date) <= {{ as_of_date() }}
    group by 1

),

workloads as (

    select
        reps.rep_id,
        reps.role,
        reps.territory_id,
        reps.hire_date,
        reps.termination_date,
        cast(coalesce(lead_queues.new_leads, 0) as {{ dbt.type_int() }}) as new_leads,
        cast(coalesce(lead_queues.in_progress_leads, 0) as {{ dbt.type_int() }}) as in_progress_leads,
        cast(coalesce(lead_queues.converted_leads, 0) as {{ dbt.type_int() }}) as converted_leads,
        cast(coalesce(lead_queues.closed_leads, 0) as {{ dbt.type_int() }}) as closed_leads,
        cast(coalesce(recent_activities.activities_in_window, 0) as {{ dbt.type_int() }}) as activities_in_window
    from reps
    left join lead_queues
        on reps.rep_id = lead_queues.rep_id
    left join recent_activities
        on reps.rep_id = recent_activities.rep_id

)

select * from workloads
