-- Forecast intervals are ordered and bounded: won to date <= P10 <= P50 <= P90 <= won to date + open pipeline,
-- and at the last snapshot of a complete quarter won to date equals the quarter's actual.

with

forecast as (

    select * from {{ ref('rpt_forecast') }}

),

last_weeks as (

    select
        fiscal_quarter_start_date,
        max(week_of_quarter) as last_week_of_quarter
    from forecast
    group by fiscal_quarter_start_date

),

violations as (

    select
        forecast.fiscal_quarter_start_date,
        forecast.week_of_quarter,
        forecast.won_to_date_amount,
        forecast.forecast_p10_amount,
        forecast.forecast_p50_amount,
        forecast.forecast_p90_amount,
        forecast.actual_won_amount
    from forecast
    inner join last_weeks
        on forecast.fiscal_quarter_start_date = last_weeks.fiscal_quarter_start_date
    where
        forecast.forecast_p10_amount < forecast.won_to_date_amount
        or forecast.forecast_p10_amount > forecast.forecast_p50_amount
        or forecast.forecast_p50_amount > forecast.forecast_p90_amount
        or forecast.forecast_p90_amount > forecast.won_to_date_amount + forecast.open_pipeline_amount
        or (
            forecast.is_quarter_complete
            and forecast.week_of_quarter = last_weeks.last_week_of_quarter
            and forecast.won_to_date_amount <> forecast.actual_won_amount
        )

)

select * from violations
