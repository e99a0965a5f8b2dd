{#-
    Open opportunities at each snapshot point (int_opportunity_snapshots_quarter_dated)
    scored with two win probabilities:
    - stage_probability: the stage's default probability (seed opportunity_stages);
    - calibrated_probability: the win rate of past outcomes for the same
      stage x segment x age band known at the snapshot
      (int_opportunity_win_rates_calibrated), shrunk towards the stage default
      with var('forecast_calibration_prior_weight') pseudo-deals:
      (won + k * stage_probability) / (closed + k), rounded to 6 places so every
      engine holds the same value. With no history it equals the stage default.
    realised_is_won is the final outcome (fct_opportunities: true Won, false Lost,
    null still open), used only to evaluate calibration, never to score.
-#}
{%- set prior_weight = var('forecast_calibration_prior_weight') -%}

with

snapshots as (

    select * from {{ ref('int_opportunity_snapshots_quarter_dated') }}

),

win_rates as (

    select * from {{ ref('int_opportunity_win_rates_calibrated') }}

),

opportunities as (

    select * from {{ ref('fct_opportunities') }}

),

scored as (

    select
        snapshots.*,
        coalesce(win_rates.history_closed_count, 0) as history_closed_count,
        coalesce(win_rates.history_won_count, 0) as history_won_count,
        round(
            (cast(coalesce(win_rates.history_won_count, 0) as decimal(18, 6))
                + {{ prior_weight }} * coalesce(snapshots.stage_probability, 0))
            / cast(coalesce(win_rates.history_closed_count, 0) + {{ prior_weight }} as decimal(18, 6)),
            6
        ) as calibrated_probability,
        case
            when opportunities.status = 'Won' then true
            when opportunities.status = 'Lost' then false
        end as realised_is_won
    from snapshots
    left join win_rates
        on
            snapshots.fiscal_quarter_start_date = win_rates.fiscal_quarter_start_date
            and snapshots.week_of_quarter = win_rates.week_of_quarter
            and snapshots.stage = win_rates.stage
            and snapshots.customer_type = win_rates.customer_type
            and snapshots.age_band = win_rates.age_band
    left join opportunities
        on snapshots.opportunity_id = opportunities.opportunity_id

),

final as (

    select
        fiscal_quarter_start_date,
        fiscal_quarter_end_date,
        snapshot_grain,
        week_of_quarter,
        snapshot_date,
        opportunity_id,
        stage,
        amount,
        expected_close_date,
        region,
        customer_type,
        sales_motion,
        created_date,
        is_expected_to_close_in_quarter,
        age_days,
        age_band,
        cast(round(stage_probability, 6) as decimal(18, 6)) as stage_probability,
        history_closed_count,
        history_won_count,
        cast(calibrated_probability as decimal(18, 6)) as calibrated_probability,
        realised_is_won
    from scored

)

select * from final
