{#-
    One row per stage visit (row of stg_crm__opportunity_stage_history), in
    the order the visits happened: entered_at, then history_id for visits
    entered at the same instant. Adds the stage ladder (opportunity_stages
    seed), the previous and next visit, the exit (next entry), days in stage
    and the advancement / regression / re-entry / stalled flags.
    Edge cases (unit tested): several changes on one day (days_in_stage 0),
    re-entry into a stage visited before, regression to a lower stage,
    reopening a closed deal, a stalled open visit.
    A history row whose stage or entered_at staging could not parse has no
    place in the sequence and is left out (audit_field_issues lists it).
-#}

with

stage_history as (

    select * from {{ ref('stg_crm__opportunity_stage_history') }}

),

stages as (

    select * from {{ ref('opportunity_stages') }}

),

laddered as (

    select
        stage_history.history_id as stage_visit_id,
        stage_history.opportunity_id,
        stage_history.stage,
        stages.stage_order,
        stages.is_closed as is_closed_stage,
        stages.is_won as is_won_stage,
        stages.forecast_category,
        stage_history.entered_at,
        cast(stage_history.entered_at as date) as entered_date,
        stage_history.amount,
        stage_history.probability,
        stage_history.expected_close_date,
        stage_history.changed_by_rep_id
    from stage_history
    inner join stages
        on stage_history.stage = stages.stage_name
    where stage_history.entered_at is not null

),

numbered as (

    select
        *,
        row_number() over (
            partition by opportunity_id
            order by entered_at, stage_visit_id
        ) as visit_number,
        row_number() over (
            partition by opportunity_id, stage
            order by entered_at, stage_visit_id
        ) as stage_visit_number,
        lag(stage) over (
            partition by opportunity_id
            order by entered_at, stage_visit_id
        ) as previous_stage,
        lag(stage_order) over (
            partition by opportunity_id
            order by entered_at, stage_visit_id
        ) as previous_stage_order,
        lead(stage) over (
            partition by opportunity_id
            order by entered_at, stage_visit_id
        ) as next_stage,
        lead(stage_order) over (
            partition by opportunity_id
            order by entered_at, stage_visit_id
        ) as next_stage_order,
        lead(entered_at) over (
            partition by opportunity_id
            order by entered_at, stage_visit_id
        ) as exited_at
    from laddered

),

measured as (

    select
        *,
        cast(exited_at as date) as exited_date,
        exited_at is null as is_current_visit,
        case
            when exited_at is not null
                then {{ dbt.datediff('entered_date', 'cast(exited_at as date)', 'day') }}
            when not is_closed_stage
                then {{ dbt.datediff('entered_date', as_of_date(), 'day') }}
        end as days_in_stage
    from numbered

),

flagged as (

    select
        stage_visit_id,
        opportunity_id,
        visit_number,
        stage_visit_number,
        stage,
        stage_order,
        is_closed_stage,
        is_won_stage,
        forecast_category,
        previous_stage,
        next_stage,
        entered_at,
        entered_date,
        exited_at,
        exited_date,
        days_in_stage,
        amount,
        probability,
        expected_close_date,
        changed_by_rep_id,
        is_current_visit,
        coalesce(
            previous_stage_order is not null
            and stage <> 'Closed Lost'
            and stage_order > previous_stage_order,
            false
        ) as is_advancement,
        coalesce(stage_order < previous_stage_order, false) as is_regression,
        stage_visit_number > 1 as is_reentry,
        coalesce(
            is_current_visit
            and not is_closed_stage
            and days_in_stage > {{ var('stalled_after_days') }},
            false
        ) as is_stalled,
        case
            when next_stage is null and is_closed_stage then 'closed'
            when next_stage is null then 'open'
            when next_stage = 'Closed Won' then 'won'
            when next_stage = 'Closed Lost' then 'lost'
            when next_stage_order > stage_order then 'advanced'
            when next_stage_order < stage_order then 'regressed'
            else 'repeated'
        end as exit_type
    from measured

)

select * from flagged
