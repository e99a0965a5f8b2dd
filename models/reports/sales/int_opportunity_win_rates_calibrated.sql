{#-
    History-calibrated in-quarter win rates as known at each snapshot point
    (int_quarter_snapshot_dates_spined). The history is the pipeline of past
    quarters: every opportunity that was open at a snapshot point of an
    earlier quarter and expected to close in it (one row per opportunity x
    snapshot point, int_opportunity_snapshots_quarter_dated), with the outcome
    "won within that quarter" = the state valid at the end of the quarter's
    last day is Closed Won and was entered inside the quarter.
    No look-ahead: a past quarter is used only when it ended on or before the
    snapshot day, so every outcome used was known at the snapshot; deals
    closing after the snapshot (including those of the running quarter) are
    never used. Only history rows of the same phase of quarter (weeks 0-4,
    5-9, 10-14: time left to close) as the target point are used.
    Grain: snapshot point x stage x customer_type x age_band, plus one
    roll-up row per snapshot point x stage with customer_type and age_band
    'All' (the stage-level rate used as the shrinkage target).
-#}
{{ config(
    schema='intermediate', materialized='view', access='protected',
    contract={'enforced': false},
    grants=({'select': []} if target.type == 'postgres' else {})
) }}

with

points as (

    select * from {{ ref('int_quarter_snapshot_dates_spined') }}

),

snapshots as (

    select * from {{ ref('int_opportunity_snapshots_quarter_dated') }}

),

states as (

    select * from {{ ref('int_opportunity_states_dated') }}

),

history_rows as (

    select
        snapshots.opportunity_id,
        snapshots.fiscal_quarter_start_date,
        snapshots.fiscal_quarter_end_date,
        snapshots.week_of_quarter,
        snapshots.stage,
        snapshots.customer_type,
        snapshots.age_band
    from snapshots
    where snapshots.is_expected_to_close_in_quarter

),

won_in_quarter as (

    select distinct
        quarter_rows.opportunity_id,
        quarter_rows.fiscal_quarter_start_date
    from (
        select distinct
            opportunity_id,
            fiscal_quarter_start_date,
            fiscal_quarter_end_date
        from history_rows
    ) as quarter_rows
    inner join states
        on
            quarter_rows.opportunity_id = states.opportunity_id
            and quarter_rows.fiscal_quarter_start_date <= states.valid_from_date
            and {{ opportunity_state_at('quarter_rows.fiscal_quarter_end_date') }}
            and states.is_won

),

history as (

    select
        history_rows.*,
        case
            when history_rows.week_of_quarter <= 4 then 1
            when history_rows.week_of_quarter <= 9 then 2
            else 3
        end as quarter_phase,
        won_in_quarter.opportunity_id is not null as is_won_in_quarter
    from history_rows
    left join won_in_quarter
        on
            history_rows.opportunity_id = won_in_quarter.opportunity_id
            and history_rows.fiscal_quarter_start_date = won_in_quarter.fiscal_quarter_start_date

),

target_points as (

    select
        fiscal_quarter_start_date,
        week_of_quarter,
        snapshot_date,
        case
            when week_of_quarter <= 4 then 1
            when week_of_quarter <= 9 then 2
            else 3
        end as quarter_phase
    from points

),

known_history as (

    select
        target_points.fiscal_quarter_start_date,
        target_points.week_of_quarter,
        history.stage,
        history.customer_type,
        history.age_band,
        history.is_won_in_quarter
    from target_points
    inner join history
        on
            target_points.snapshot_date >= history.fiscal_quarter_end_date
            and target_points.quarter_phase = history.quarter_phase

),

cells as (

    select
        fiscal_quarter_start_date,
        week_of_quarter,
        stage,
        customer_type,
        age_band,
        count(*) as history_count,
        sum(case when is_won_in_quarter then 1 else 0 end) as history_won_count
    from known_history
    group by fiscal_quarter_start_date, week_of_quarter, stage, customer_type, age_band

),

stage_rollups as (

    select
        fiscal_quarter_start_date,
        week_of_quarter,
        stage,
        'All' as customer_type,
        'All' as age_band,
        count(*) as history_count,
        sum(case when is_won_in_quarter then 1 else 0 end) as history_won_count
    from known_history
    group by fiscal_quarter_start_date, week_of_quarter, stage

),

win_rates as (

    select * from cells
    union all
    select * from stage_rollups

)

select * from win_rates
