-- The snapshot of the last week (taken at as_of_date) holds exactly the open opportunities of
-- fct_opportunities, with the same amounts: the reconstruction from stage history agrees with the
-- current state of the CRM. Returns every opportunity where they differ (missing on one side or a
-- different amount), so a failure names the deals to look at. An open deal whose AMOUNT staging
-- could not parse (null in fct_opportunities) is compared on presence only.

with

snapshots as (

    select * from {{ ref('fct_pipeline_snapshots_weekly') }}

),

opportunities as (

    select * from {{ ref('fct_opportunities') }}

),

last_snapshot as (

    select
        opportunity_id,
        amount
    from snapshots
    where snapshot_date = {{ as_of_date() }}

),

open_opportunities as (

    select
        opportunity_id,
        amount
    from opportunities
    where status = 'Open'

),

compared as (

    select
        coalesce(last_snapshot.opportunity_id, open_opportunities.opportunity_id) as opportunity_id,
        open_opportunities.opportunity_id is not null as is_open,
        last_snapshot.amount as snapshot_amount,
        open_opportunities.amount as open_amount
    from last_snapshot
    full outer join open_opportunities
        on last_snapshot.opportunity_id = open_opportunities.opportunity_id

)

select * from compared
where
    snapshot_amount is null
    or not is_open
    or snapshot_amount <> open_amount
