{#-
    Open opportunities at each snapshot point (int_opportunity_snapshots_quarter_dated)
    scored with two probabilities of closing won inside the snapshot's quarter:
    - stage_probability: the stage's default probability (seed opportunity_stages);
    - calibrated_probability: the in-quarter win rate of past quarters' pipeline
      known at the snapshot (int_opportunity_win_rates_calibrated), shrunk in two
      steps with k = var('forecast_calibration_prior_weight') pseudo-rows:
      stage rate = (won_s + k * stage default) / (n_s + k) over the stage's
      history at the same phase of quarter, then
      cell rate = (won_c + k * stage rate) / (n_c + k) for the stage x segment
      x age band cell; rounded to 6 places so every engine holds the same
      value. With no history it equals the stage default.
    realised_is_won_in_quarter: the final outcome for evaluation only (true when
    fct_opportunities says Won with a close date inside the snapshot's quarter,
    false otherwise; null while the quarter is still running).
    A table, not a view: four reports read it, and Spark would recompute a view
    (and the calibration beneath it) for each of them.
-#}
{{ config(
    schema='intermediate', materialized='table', access='protected',
    contract={'enforced': false},
    grants=({'select': []} if target.type == 'postgres' else {})
) }}
{%- set k = var('forecast_calibration_prior_weight') -%}

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

stage_scored as (

    select
        snapshots.*,
        coalesce(cell_rates.history_count, 0) as history_count,
        coalesce(cell_rates.history_won_count, 0) as history_won_count,
        coalesce(stage_rates.history_count, 0) as stage_history_count,
        {{ ratio(
            'coalesce(stage_rates.history_won_count, 0) + ' ~ k ~ ' * coalesce(snapshots.stage_probability, 0)',
            'coalesce(stage_rates.history_count, 0) + ' ~ k
        ) }} as stage_history_probability,
        opportunities.status as final_status,
        opportunities.close_date as final_close_date
    from snapshots
    left join win_rates as cell_rates
        on
            snapshots.fiscal_quarter_start_date = cell_rates.fiscal_quarter_start_date
            and snapshots.week_of_quarter = cell_rates.week_of_quarter
            and snapshots.stage = cell_rates.stage
            and snapshots.customer_type = cell_rates.customer_type
            and snapshots.age_band = cell_rates.age_band
    left join win_rates as stage_rates
        on
            snapshots.fiscal_quarter_start_date = stage_rates.fiscal_quarter_start_date
            and snapshots.week_of_quarter = stage_rates.week_of_quarter
            and snapshots.stage = stage_rates.stage
            and stage_rates.customer_type = 'All'
            and stage_rates.age_band = 'All'
    left join opportunities
        on snapshots.opportunity_id = opportunities.opportunity_id

),

scored as (

    select
        *,
        {{ ratio('history_won_count + ' ~ k ~ ' * stage_history_probability', 'history_count + ' ~ k) }}
            as calibrated_probability,
        case
            when fiscal_quarter_end_date > {{ as_of_date() }} then null
            when
                final_status = 'Won'
                and final_close_date >= fiscal_quarter_start_date
                and final_close_date <= fiscal_quarter_end_date
                then true
            else false
        end as realised_is_won_in_quarter
    from stage_scored

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
        stage_history_count,
        cast(stage_history_probability as decimal(18, 6)) as stage_history_probability,
        history_count,
        history_won_count,
        cast(calibrated_probability as decimal(18, 6)) as calibrated_probability,
        realised_is_won_in_quarter
    from scored

)

select * from final
