{#-
    Forecast backtest summary by week of quarter and method, over complete
    fiscal quarters only (rpt_forecast rows with is_quarter_complete and a
    non-zero actual): mean absolute percentage error (MAPE) and mean bias
    (signed (forecast - actual) / actual; positive = over-forecast).
    Methods: stage_weighted, calibrated (the P50).
-#}

with

forecast as (

    select * from {{ ref('rpt_forecast') }}

),

stage_weighted as (

    select
        week_of_quarter,
        'stage_weighted' as forecast_method,
        stage_weighted_abs_pct_error as abs_pct_error,
        stage_weighted_bias as bias
    from forecast
    where stage_weighted_abs_pct_error is not null

),

calibrated as (

    select
        week_of_quarter,
        'calibrated' as forecast_method,
        calibrated_abs_pct_error as abs_pct_error,
        calibrated_bias as bias
    from forecast
    where calibrated_abs_pct_error is not null

),

errors as (

    select * from stage_weighted
    union all
    select * from calibrated

),

summary as (

    select
        week_of_quarter,
        forecast_method,
        count(*) as backtest_quarter_count,
        {{ round_half_away('avg(abs_pct_error)') }} as mape,
        {{ round_half_away('avg(bias)') }} as mean_bias
    from errors
    group by week_of_quarter, forecast_method

),

final as (

    select {{ contract_columns() }}
    from summary

)

select * from final
