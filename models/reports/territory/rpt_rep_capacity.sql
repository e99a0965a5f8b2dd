{#-
    Every rep's lead queue before and after the auto top-up of
    fct_lead_allocations, as of var('as_of_date'). Allocated leads enter the
    rep's queue as New, so open_after = open + allocated and
    new_after = new + allocated; In Progress is unchanged.
-#}

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
        role as rep_role,
        {{ as_of_date() }} as as_of_date,
        open_leads as open_leads_before,
        new_leads as new_leads_before,
        in_progress_ratio as in_progress_ratio_before,
        top_up_capacity - leads_allocated as unused_capacity,
        open_leads + leads_allocated as open_leads_after,
        new_leads + leads_allocated as new_leads_after
    from capacity

),

rated as (

    select
        *,
        {{ ratio('in_progress_leads', 'open_leads_after') }} as in_progress_ratio_after
    from after_allocation

),

final as (

    select {{ contract_columns() }}
    from rated

)

select * from final
