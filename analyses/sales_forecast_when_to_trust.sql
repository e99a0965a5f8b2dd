-- From which week of the quarter can leadership trust the forecast, and which method?
-- Per week of quarter: MAPE and bias of the stage-weighted and the history-calibrated forecast over the
-- complete quarters, how often the actual landed inside the calibrated P10-P90 band, and the BOQ pipeline
-- coverage against QRF that the quarter started with.

with

forecast as (

    select * from {{ ref('rpt_forecast') }}

),

accuracy as (

    select * from {{ ref('rpt_forecast_accuracy') }}

),

coverage as (

    select * from {{ ref('rpt_pipeline_coverage') }}

),

band_hits as (

    select
        week_of_quarter,
        count(*) as complete_quarter_count,
        sum(
            case
                when actual_won_amount >= forecast_p10_amount and actual_won_amount <= forecast_p90_amount then 1
                else 0
            end
        ) as actual_inside_p10_p90_count
    from forecast
    where is_quarter_complete
    group by week_of_quarter

),

boq_coverage as (

    select
        sum(pipeline_amount) as boq_pipeline_amount,
        sum(qrf_amount) as qrf_amount,
        round(cast(sum(pipeline_amount) as decimal(18, 6)) / nullif(sum(qrf_amount), 0), 4) as avg_boq_coverage
    from coverage
    where snapshot_grain = 'boq'

),

answer as (

    select
        band_hits.week_of_quarter,
        band_hits.complete_quarter_count,
        band_hits.actual_inside_p10_p90_count,
        stage_weighted.mape as stage_weighted_mape,
        stage_weighted.mean_bias as stage_weighted_bias,
        calibrated.mape as calibrated_mape,
        calibrated.mean_bias as calibrated_bias,
        boq_coverage.avg_boq_coverage
    from band_hits
    left join accuracy as stage_weighted
        on
            band_hits.week_of_quarter = stage_weighted.week_of_quarter
            and stage_weighted.forecast_method = 'stage_weighted'
    left join accuracy as calibrated
        on
            band_hits.week_of_quarter = calibrated.week_of_quarter
            and calibrated.forecast_method = 'calibrated'
    cross join boq_coverage

)

select * from answer
order by week_of_quarter
