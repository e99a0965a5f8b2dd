-- Auto top-up invariant: a lead goes only to a rep of the territory its postal code belongs to,
-- and only when it was unassigned on the as-of date.
with

allocations as (

    select * from {{ ref('fct_lead_allocations') }}

),

leads as (

    select * from {{ ref('int_leads_matched_to_territories') }}

),

reps as (

    select * from {{ ref('rpt_rep_capacity') }}

),

checked as (

    select
        allocations.lead_id,
        allocations.rep_id,
        allocations.territory_id as allocated_territory_id,
        leads.territory_id as lead_territory_id,
        reps.territory_id as rep_territory_id,
        leads.is_unassigned
    from allocations
    left join leads
        on allocations.lead_id = leads.lead_id
    left join reps
        on allocations.rep_id = reps.rep_id

)

select * from checked
where
    lead_territory_id is null
    or rep_territory_id is null
    or allocated_territory_id <> lead_territory_id
    or rep_territory_id <> lead_territory_id
    or not coalesce(is_unassigned, false)
