{#-
    Every rep's lead queue before and after the auto top-up of
    fct_lead_allocations, as of var('as_of_date'). Allocated leads enter the
    rep's queue as New, so open_after = open + allocated and
    new_after = new + allocated; In Progress is unchanged.
-#}
{%- set as_of_date = var('as_of_date') | string -%}

with

reps as (

    select * from {{ ref('int_reps_evaluated_for_top_up') }}

),

allocations as (

    select * from {{ ref('fct_lead_allocations') }}

),

allocated_per_rep as (

    select
        rep_id,
        count(*) as leads_allocated
    from allocations
    group by 1

),

capacity as (

    select
        reps.*,
        coalesce(allocated_per_rep.leads_allocated, 0) as leads_allocated
    from reps
    left join allocated_per_rep
        on reps.rep_id = allocated_per_rep.rep_id

),

after_allocation as (

    select
        *,
        open_leads + leads_allocated as open_leads_after,
        new_leads + leads_allocated as new_leads_after
    from capacity

),

final as (

    select
        cast(rep_id as {{ dbt.type_string() }}) as rep_id,
        cast(role as {{ dbt.type_string() }}) as rep_role,
        cast(territory_id as {{ dbt.type_string() }}) as territory_id,
        cast('{{ as_of_date }}' as date) as as_of_date,
        cast(is_active as boolean) as is_active,
        cast(open_leads as {{ dbt.type_int() }}) as open_leads_before,
        cast(new_leads as {{ dbt.type_int() }}) as new_leads_before,
        cast(in_progress_leads as {{ dbt.type_int() }}) as in_progress_leads,
        cast(in_progress_ratio as decimal(18, 6)) as in_progress_ratio_before,
        cast(is_eligible as boolean) as is_eligible,
        cast(top_up_capacity as {{ dbt.type_int() }}) as top_up_capacity,
        cast(activities_in_window as {{ dbt.type_int() }}) as activities_in_window,
        cast(activity_ratio as decimal(18, 6)) as activity_ratio,
        cast(converted_leads as {{ dbt.type_int() }}) as converted_leads,
        cast(closed_leads as {{ dbt.type_int() }}) as closed_leads,
        cast(pipeline_health_ratio as decimal(18, 6)) as pipeline_health_ratio,
        cast(performance_score as decimal(18, 6)) as performance_score,
        cast(performance_weight as {{ dbt.type_int() }}) as performance_weight,
        cast(leads_allocated as {{ dbt.type_int() }}) as leads_allocated,
        cast(top_up_capacity - leads_allocated as {{ dbt.type_int() }}) as unused_capacity,
        cast(open_leads_after as {{ dbt.type_int() }}) as open_leads_after,
        cast(new_leads_after as {{ dbt.type_int() }}) as new_leads_after,
        {{ ratio('in_progress_leads', 'open_leads_after') }} as in_progress_ratio_after
    from after_allocation

)

select * from final
