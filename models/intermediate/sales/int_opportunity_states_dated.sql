{#-
    The state of each opportunity at the end of each day on which its stage
    history changed: the last visit entered that day (entered_at, then
    history_id) wins, so several same-day changes collapse into one state.
    valid_from_date is the change day; valid_to_date the next change day
    (exclusive; null = still current). The previous state's columns support
    the pipeline-flow classification. A state is open when its stage is not
    closed; amounts are decimal(18, 2) with a missing amount counted as 0.
-#}

with

visits as (

    select * from {{ ref('int_opportunity_stage_visits_sequenced') }}

),

ranked_within_day as (

    select
        *,
        row_number() over (
            partition by opportunity_id, entered_date
            order by entered_at desc, stage_visit_id desc
        ) as rank_within_day
    from visits

),

end_of_day as (

    select
        opportunity_id,
        stage_visit_id,
        entered_date as valid_from_date,
        stage,
        stage_order,
        forecast_category,
        not is_closed_stage as is_open,
        is_won_stage as is_won,
        cast(coalesce(amount, 0) as decimal(18, 2)) as amount,
        probability,
        expected_close_date
    from ranked_within_day
    where rank_within_day = 1

),

dated as (

    select
        *,
        row_number() over (
            partition by opportunity_id order by valid_from_date
        ) as state_number,
        lead(valid_from_date) over (
            partition by opportunity_id order by valid_from_date
        ) as valid_to_date,
        lag(stage) over (
            partition by opportunity_id order by valid_from_date
        ) as previous_stage,
        lag(is_open) over (
            partition by opportunity_id order by valid_from_date
        ) as previous_is_open,
        cast(lag(amount) over (
            partition by opportunity_id order by valid_from_date
        ) as decimal(18, 2)) as previous_amount,
        lag(expected_close_date) over (
            partition by opportunity_id order by valid_from_date
        ) as previous_expected_close_date
    from end_of_day

)

select * from dated
