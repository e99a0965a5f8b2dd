-- Auto top-up invariant: an ineligible or inactive rep (terminated, not yet hired, In Progress share below
-- min_in_progress_ratio, no territory) receives nothing; rep counts agree with the allocation fact.
with

reps as (

    select * from {{ ref('rpt_rep_capacity') }}

),

allocations as (

    select * from {{ ref('fct_lead_allocations') }}

),

allocated_per_rep as (

    select
        rep_id,
        count(*) as allocation_rows
    from allocations
    group by 1

),

checked as (

    select
        allocated_per_rep.rep_id,
        allocated_per_rep.allocation_rows,
        reps.leads_allocated,
        reps.is_active,
        reps.is_eligible
    from allocated_per_rep
    left join reps
        on allocated_per_rep.rep_id = reps.rep_id

)

select * from checked
where
    leads_allocated is null
    or leads_allocated <> allocation_rows
    or not is_active
    or not is_eligible
