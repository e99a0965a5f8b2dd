-- Question: after today's auto top-up, which territories still have leads waiting for an owner, why
-- (too few eligible reps, or eligible reps already full), and how many more full-capacity reps
-- (max_new_leads each) would clear the backlog? Ordered by the backlog, largest first.
with

coverage as (

    select * from {{ ref('rpt_territory_coverage') }}

),

reps as (

    select * from {{ ref('rpt_rep_capacity') }}

),

rep_blockers as (

    select
        territory_id,
        sum(case when is_active and not is_eligible then 1 else 0 end) as active_ineligible_reps,
        sum(case when is_eligible and top_up_capacity = 0 then 1 else 0 end) as eligible_reps_at_limit
    from reps
    where territory_id is not null
    group by territory_id

),

shortfall as (

    select
        coverage.territory_id,
        coverage.territory_name,
        coverage.unassigned_leads,
        coverage.allocated_leads,
        coverage.leads_left_unassigned,
        coverage.eligible_reps,
        coverage.top_up_capacity,
        rep_blockers.active_ineligible_reps,
        rep_blockers.eligible_reps_at_limit,
        ceiling(
            cast(coverage.leads_left_unassigned as decimal(18, 6)) / {{ var('max_new_leads') }}
        ) as extra_reps_needed
    from coverage
    left join rep_blockers
        on coverage.territory_id = rep_blockers.territory_id

)

select * from shortfall
order by leads_left_unassigned desc, territory_id asc
