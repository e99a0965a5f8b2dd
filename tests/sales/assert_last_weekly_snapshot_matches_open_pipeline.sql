-- The snapshot of the last week (taken at as_of_date) holds exactly the open opportunities of
-- fct_opportunities, with the same amounts: the reconstruction from stage history agrees with the
-- current state of the CRM. Returns every opportunity where they differ (missing on one side or a
-- different amount), so a failure names the deals to look at. An open deal whose AMOUNT staging
-- could not parse (null in fct_opportunities) is compared on presence only, and a deal with a stage
-- change whose time, stage or amount staging could not parse (the change has no place, or no amount,
-- in the reconstruction) is not judged.

with

snapshots as (

    select * from {{ ref('fct_pipeline_snapshots_weekly') }}

),

opportunities as (

    select * from {{ ref('fct_opportunities') }}

),

stage_history as (

    select * from {{ ref('stg_crm__opportunity_stage_history') }}

),

flagged_opportunities as (

    select distinct opportunity_id
    from stage_history
    where
        has_field_issues
        and (entered_at is null or stage is null or amount is null)

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

),

judged as (

    select compared.*
    from compared
    left join flagged_opportunities
        on compared.opportunity_id = flagged_opportunities.opportunity_id
    where flagged_opportunities.opportunity_id is null

)

select * from judged
where
    snapshot_amount is null
    or not is_open
    or snapshot_amount <> open_amount
