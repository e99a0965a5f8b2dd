-- Auto top-up invariant: a lead is allocated at most once (one rep, one row).
with

allocations as (

    select * from {{ ref('fct_lead_allocations') }}

),

per_lead as (

    select
        lead_id,
        count(*) as allocation_count
    from allocations
    group by 1

)

select * from per_lead
where allocation_count > 1
