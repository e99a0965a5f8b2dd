{#-
    Expected bookings in the next var('outlook_horizons_days') days (30/60/90)
    as seen at each weekly snapshot point (int_quarter_snapshot_dates_spined,
    the end of each week of each fiscal quarter, the running week ending on
    var('as_of_date')), with a backtest against the bookings realised in the
    window. See the docs block rpt_bookings_outlook:
    - window: the open deals at the snapshot (int_opportunity_snapshots_scored)
      whose expected close date is on or before snapshot_date + horizon
      (overdue deals included: they are expected now);
    - calibrated pipeline = sum(amount x calibrated probability), the
      history-calibrated in-quarter win rate known at the snapshot;
    - timing factor = realised / calibrated pipeline summed over the earlier
      windows of the same horizon that had ended by the snapshot day (no
      look-ahead; 1 with fewer than var('outlook_min_history_windows')): it
      turns in-quarter win rates into bookings of the window, slips and
      deals created after the snapshot included;
    - P50 = calibrated pipeline x timing factor; P10/P90 = P50 -/+ z x
      timing factor x sqrt(sum p(1-p) amount^2) (normal approximation,
      z = var('forecast_interval_z')), P10 at least 0;
    - realised: Won opportunities (fct_opportunities) closed after the
      snapshot day and at most horizon days later, all of them and those
      that were open at the snapshot;
    - errors only when the whole window lies on or before as_of_date and the
      realised bookings are not 0; backtest MAPE (and bias) per horizon =
      mean of the absolute (signed) percentage errors of that horizon.
-#}
{%- set as_of = as_of_date() -%}
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

horizons as (

    {% for horizon in var('outlook_horizons_days') -%}
        select {{ horizon }} as horizon_days
        {% if not loop.last %}union all{% endif %}
    {% endfor %}

),

windows as (

    select
        points.fiscal_quarter_start_date,
        points.fiscal_quarter_label,
        points.week_of_quarter,
        points.snapshot_date,
        horizons.horizon_days,
        cast({{ dbt.dateadd('day', 'horizons.horizon_days', 'points.snapshot_date') }} as date) as window_end_date
    from points
    cross join horizons
    where points.snapshot_grain = 'weekly'

),

won as (

    select
        opportunity_id,
        close_date,
        amount
    from opportunities
    where status = 'Won'

),

pipeline as (

    {#- one pass over the deals open at each snapshot (the scored view is costly to evaluate on Spark): the
        window's pipeline, and which of those deals were won inside the window -#}
    {%- set in_window = 'scored.expected_close_date <= windows.window_end_date' %}
    select
        windows.snapshot_date,
        windows.horizon_days,
        sum(case when {{ in_window }} then 1 else 0 end) as pipeline_count,
        sum(case when {{ in_window }} then scored.amount else 0 end) as pipeline_amount,
        sum(
            case when {{ in_window }} then scored.amount * scored.calibrated_probability else 0 end
        ) as expected_amount,
        sum(
            case
                when {{ in_window }}
                    then {{ deal_outcome_variance('scored.calibrated_probability', 'scored.amount') }}
                else 0
            end
        ) as expected_variance,
        sum(
            case
                when won.close_date > windows.snapshot_date and won.close_date <= windows.window_end_date
                    then won.amount
                else 0
            end
        ) as realised_from_pipeline_amount
    from windows
    inner join scored
        on
            windows.fiscal_quarter_start_date = scored.fiscal_quarter_start_date
            and windows.week_of_quarter = scored.week_of_quarter
    left join won
        on scored.opportunity_id = won.opportunity_id
    group by windows.snapshot_date, windows.horizon_days

),

realised as (

    select
        windows.snapshot_date,
        windows.horizon_days,
        count(won.opportunity_id) as realised_count,
        sum(won.amount) as realised_amount
    from windows
    inner join won
        on
            windows.snapshot_date < won.close_date
            and windows.window_end_date >= won.close_date
    group by windows.snapshot_date, windows.horizon_days

),

measured as (

    select
        windows.*,
        windows.snapshot_date = {{ as_of }} as is_current,
        windows.window_end_date <= {{ as_of }} as is_window_complete,
        coalesce(pipeline.pipeline_count, 0) as pipeline_count,
        coalesce(pipeline.pipeline_amount, 0) as pipeline_amount,
        round(coalesce(pipeline.expected_amount, 0), 2) as calibrated_pipeline_amount,
        {{ forecast_standard_deviation('pipeline.expected_variance') }} as calibrated_standard_deviation,
        coalesce(realised.realised_count, 0) as realised_count,
        coalesce(realised.realised_amount, 0) as realised_amount,
        coalesce(pipeline.realised_from_pipeline_amount, 0) as realised_from_pipeline_amount
    from windows
    left join pipeline
        on
            windows.snapshot_date = pipeline.snapshot_date
            and windows.horizon_days = pipeline.horizon_days
    left join realised
        on
            windows.snapshot_date = realised.snapshot_date
            and windows.horizon_days = realised.horizon_days

),

timing_history as (

    select
        target_windows.snapshot_date,
        target_windows.horizon_days,
        count(history_windows.snapshot_date) as history_window_count,
        sum(history_windows.realised_amount) as history_realised_amount,
        sum(history_windows.calibrated_pipeline_amount) as history_calibrated_amount
    from windows as target_windows
    left join measured as history_windows
        on
            target_windows.horizon_days = history_windows.horizon_days
            and target_windows.snapshot_date >= history_windows.window_end_date
    group by target_windows.snapshot_date, target_windows.horizon_days

),

timed as (

    select
        measured.*,
        timing_history.history_window_count,
        case
            when
                timing_history.history_window_count >= {{ var('outlook_min_history_windows') }}
                and timing_history.history_calibrated_amount > 0
                then {{ ratio(
                    'timing_history.history_realised_amount', 'timing_history.history_calibrated_amount'
                ) }}
            else 1
        end as timing_factor
    from measured
    inner join timing_history
        on
            measured.snapshot_date = timing_history.snapshot_date
            and measured.horizon_days = timing_history.horizon_days

),

intervals as (

    select
        *,
        round(calibrated_pipeline_amount * timing_factor, 2) as p50_amount,
        round(calibrated_standard_deviation * timing_factor, 2) as standard_deviation
    from timed

),

percentiles as (

    select
        *,
        case
            when p50_amount - {{ z }} * standard_deviation < 0 then 0
            else round(p50_amount - {{ z }} * standard_deviation, 2)
        end as p10_amount,
        round(p50_amount + {{ z }} * standard_deviation, 2) as p90_amount
    from intervals

),

errors as (

    select
        *,
        {{ forecast_abs_pct_error('p50_amount', 'realised_amount', 'is_window_complete') }} as abs_pct_error,
        {{ forecast_bias('p50_amount', 'realised_amount', 'is_window_complete') }} as bias,
        case
            when is_window_complete
                then realised_amount >= p10_amount and realised_amount <= p90_amount
        end as is_realised_within_p10_p90
    from percentiles

),

backtest as (

    select
        *,
        {{ ratio(
            'sum(abs_pct_error) over (partition by horizon_days)',
            'count(abs_pct_error) over (partition by horizon_days)'
        ) }} as backtest_mape,
        {{ ratio(
            'sum(bias) over (partition by horizon_days)',
            'count(bias) over (partition by horizon_days)'
        ) }} as backtest_bias,
        count(abs_pct_error) over (partition by horizon_days) as backtest_point_count
    from errors

),

final as (

    select {{ contract_columns() }}
    from backtest

)

select * from final
