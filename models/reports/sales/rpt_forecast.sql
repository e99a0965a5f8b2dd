{#-
    The quarter's bookings forecast as it stood at each snapshot point of the
    quarter (week_of_quarter 0 = BOQ, 1-14 = end of each 7-day week of the
    fiscal quarter, the running week at as_of_date), with the backtest
    against the quarter's actual closed-won amount. See the docs block
    rpt_forecast for the methods:
    - won_to_date_amount: Won opportunities (fct_opportunities) closed from
      the quarter's first day to the snapshot date;
    - open pipeline: opportunities open at the snapshot and expected to close
      in the quarter (int_opportunity_snapshots_scored);
    - stage-weighted = won to date + sum(amount x stage default probability);
    - calibrated = won to date + sum(amount x calibrated probability), the
      history-calibrated win rate known at the snapshot (no look-ahead);
    - P10/P50/P90: normal approximation of the calibrated forecast,
      P50 = calibrated, P10/P90 = P50 -/+ z x sqrt(sum p(1-p) amount^2)
      (z = var('forecast_interval_z')), clamped to [won to date, won to date
      + open pipeline]; rounded to cents, so identical on every engine.
    Errors (abs_pct_error, bias = signed (forecast - actual) / actual) only for
    complete quarters with a non-zero actual.
-#}
{%- set z = var('forecast_interval_z') -%}

with

points as (

    select * from {{ ref('int_quarter_snapshot_dates_spined') }}

),

scored as (

    select * from {{ ref('int_opportunity_snapshots_scored') }}

),

opportunities as (

    select * from {{ ref('fct_opportunities') }}

),

won as (

    select
        opportunity_id,
        close_date,
        amount
    from opportunities
    where status = 'Won'

),

won_to_date as (

    select
        points.fiscal_quarter_start_date,
        points.week_of_quarter,
        count(won.opportunity_id) as won_to_date_count,
        coalesce(sum(won.amount), 0) as won_to_date_amount
    from points
    left join won
        on
            points.fiscal_quarter_start_date <= won.close_date
            and points.snapshot_date >= won.close_date
    group by points.fiscal_quarter_start_date, points.week_of_quarter

),

actuals as (

    select
        points.fiscal_quarter_start_date,
        coalesce(sum(won.amount), 0) as actual_won_amount
    from points
    left join won
        on
            points.fiscal_quarter_start_date <= won.close_date
            and points.fiscal_quarter_end_date >= won.close_date
    where points.week_of_quarter = 0
    group by points.fiscal_quarter_start_date

),

pipeline as (

    select
        fiscal_quarter_start_date,
        week_of_quarter,
        count(*) as open_pipeline_count,
        sum(amount) as open_pipeline_amount,
        sum(amount * stage_probability) as stage_weighted_pipeline_amount,
        sum(amount * calibrated_probability) as calibrated_pipeline_amount,
        sum({{ deal_outcome_variance('calibrated_probability', 'amount') }}) as calibrated_variance
    from scored
    where is_expected_to_close_in_quarter
    group by fiscal_quarter_start_date, week_of_quarter

),

joined as (

    select
        points.*,
        won_to_date.won_to_date_count,
        won_to_date.won_to_date_amount,
        coalesce(pipeline.open_pipeline_count, 0) as open_pipeline_count,
        coalesce(pipeline.open_pipeline_amount, 0) as open_pipeline_amount,
        won_to_date.won_to_date_amount
        + round(coalesce(pipeline.stage_weighted_pipeline_amount, 0), 2) as stage_weighted_forecast_amount,
        won_to_date.won_to_date_amount
        + round(coalesce(pipeline.calibrated_pipeline_amount, 0), 2) as calibrated_forecast_amount,
        {{ forecast_standard_deviation('pipeline.calibrated_variance') }} as calibrated_standard_deviation,
        actuals.actual_won_amount
    from points
    inner join won_to_date
        on
            points.fiscal_quarter_start_date = won_to_date.fiscal_quarter_start_date
            and points.week_of_quarter = won_to_date.week_of_quarter
    inner join actuals
        on points.fiscal_quarter_start_date = actuals.fiscal_quarter_start_date
    left join pipeline
        on
            points.fiscal_quarter_start_date = pipeline.fiscal_quarter_start_date
            and points.week_of_quarter = pipeline.week_of_quarter

),

intervals as (

    select
        *,
        case
            when calibrated_forecast_amount - {{ z }} * calibrated_standard_deviation < won_to_date_amount
                then won_to_date_amount
            else calibrated_forecast_amount - {{ z }} * calibrated_standard_deviation
        end as p10_raw,
        case
            when
                calibrated_forecast_amount + {{ z }} * calibrated_standard_deviation
                > won_to_date_amount + open_pipeline_amount
                then won_to_date_amount + open_pipeline_amount
            else calibrated_forecast_amount + {{ z }} * calibrated_standard_deviation
        end as p90_raw
    from joined

),

errors as (

    select
        *,
        {{ forecast_abs_pct_error('stage_weighted_forecast_amount', 'actual_won_amount', 'is_quarter_complete') }}
            as stage_weighted_abs_pct_error,
        {{ forecast_bias('stage_weighted_forecast_amount', 'actual_won_amount', 'is_quarter_complete') }}
            as stage_weighted_bias,
        {{ forecast_abs_pct_error('calibrated_forecast_amount', 'actual_won_amount', 'is_quarter_complete') }}
            as calibrated_abs_pct_error,
        {{ forecast_bias('calibrated_forecast_amount', 'actual_won_amount', 'is_quarter_complete') }}
            as calibrated_bias
    from intervals

),

published as (

    select
        *,
        round(p10_raw, 2) as forecast_p10_amount,
        calibrated_forecast_amount as forecast_p50_amount,
        round(p90_raw, 2) as forecast_p90_amount
    from errors

),

final as (

    select {{ contract_columns() }}
    from published

)

select * from final
