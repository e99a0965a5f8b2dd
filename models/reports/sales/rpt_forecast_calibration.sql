{#-
    Calibration of the two win probabilities used by rpt_forecast: every
    opportunity open at a snapshot point (BOQ and weekly) and expected to
    close in that quarter is one prediction of "won inside the quarter"
    (int_opportunity_snapshots_scored), evaluated against what happened (1 =
    Won with a close date inside the quarter, else 0; running quarters left
    out). Rows: method x probability decile (decile d holds
    probabilities in [d/10, (d+1)/10), 1.0 in decile 9): predictions, mean
    predicted probability, realised win rate, and the sum of squared errors;
    method_brier_score = mean squared error (p - outcome)^2 of the method over
    all its predictions, repeated on each of its rows.
-#}

with

scored as (

    select * from {{ ref('int_opportunity_snapshots_scored') }}

),

evaluated as (

    select
        stage_probability,
        calibrated_probability,
        case when realised_is_won_in_quarter then 1 else 0 end as outcome
    from scored
    where
        is_expected_to_close_in_quarter
        and realised_is_won_in_quarter is not null

),

predictions as (

    select
        'stage_weighted' as forecast_method,
        stage_probability as probability,
        outcome
    from evaluated
    union all
    select
        'calibrated' as forecast_method,
        calibrated_probability as probability,
        outcome
    from evaluated

),

deciled as (

    select
        forecast_method,
        probability,
        outcome,
        case
            when probability >= 1 then 9
            else cast(floor(probability * 10) as integer)
        end as probability_decile,
        (probability - outcome) * (probability - outcome) as squared_error
    from predictions

),

by_decile as (

    select
        forecast_method,
        probability_decile,
        count(*) as prediction_count,
        sum(outcome) as won_count,
        {{ round_half_away('avg(probability)') }} as mean_predicted_probability,
        round(sum(squared_error), 6) as squared_error_sum
    from deciled
    group by forecast_method, probability_decile

),

by_method as (

    select
        forecast_method,
        {{ round_half_away('avg(squared_error)') }} as method_brier_score
    from deciled
    group by forecast_method

),

joined as (

    select
        by_decile.*,
        round(cast(by_decile.probability_decile as decimal(18, 6)) / 10, 6) as decile_lower_bound,
        {{ ratio('by_decile.won_count', 'by_decile.prediction_count') }} as realised_win_rate,
        by_method.method_brier_score
    from by_decile
    inner join by_method
        on by_decile.forecast_method = by_method.forecast_method

),

final as (

    select {{ contract_columns() }}
    from joined

)

select * from final
