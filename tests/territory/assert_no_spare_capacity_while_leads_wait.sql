-- Auto top-up invariant: no eligible rep keeps spare capacity while an unassigned lead of its territory
-- stays unallocated.
with

reps as (

    select * from {{ ref('rpt_rep_capacity') }}

),

leads as (

    select * from {{ ref('int_leads_matched_to_territories') }}

),

allocations as (

    select * from {{ ref('fct_lead_allocations') }}

),

waiting_leads as (

    select
        leads.territory_id,
        count(*) as unallocated_leads
    from leads
    left join allocations
        on leads.lead_id = allocations.lead_id
    where
        leads.is_unassigned
        and leads.territory_id is not null
        and allocations.lead_id is null
    group by 1

)

select
    reps.rep_id,
    reps.territory_id,
    reps.unused_capacity,
    waiting_leads.unallocated_leads
from reps
inner join waiting_leads
    on reps.territory_id = waiting_leads.territory_id
where
    reps.is_eligible
    and reps.unused_capacity > 0
