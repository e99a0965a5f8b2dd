{#
    Component scores (0-100, higher = healthier) per paying account x month from
    the raw measures; a component is null when its measure is missing, and the
    weighted score re-normalises over the components present. Tuned on the
    generated world so that the score ranks churners low (see
    rpt_health_backtest):
    - activation = activated / entitled seats against the activation target
      (that rate or better = 100); null without entitled seats. The target is
      var('health_activation_target_rate'), pro-rated while the account is
      onboarding (days live < var('health_onboarding_days')): seats are rolled
      out over the first weeks, so a new customer is held to target x days live
      / onboarding days instead of showing Red before its roll-out could finish.
    - usage_trend = 75% usage level + 25% trend: level = weekly QAL + MAL per
      activated seat over the last 4 weeks against
      var('health_usage_target_per_seat_week'), trend = last 4 weeks / previous 4
      weeks (capped at 1; level only when the previous 4 weeks are not observed
      or empty). 0 when no seat is activated, except while onboarding (null:
      no usage can be measured before the first seat is activated); null
      without entitled seats.
    - support_load = 100 x (1 - load / var('health_support_max_per_10_seats')),
      load = High-priority (trailing 90 days) or open tickets per 10 entitled
      seats; null without entitled seats.
    - financial_trend = 75 + 100 x (ARR / ARR 3 months ago - 1), clipped to 0-100
      (flat = 75, +25% or more = 100, -75% or worse = 0); null without ARR 3
      months ago.
    - commercial = 60, +40 with open Expansion pipeline, -20 per Expansion /
      Renewal deal lost in the trailing 180 days, clipped to 0-100.
#}
{{ config(
    schema='intermediate', materialized='view', access='protected',
    contract={'enforced': false},
    grants=({'select': []} if target.type == 'postgres' else {})
) }}
{%- set activation_target = var('health_activation_target_rate') -%}
{%- set usage_target = var('health_usage_target_per_seat_week') -%}
{%- set support_max = var('health_support_max_per_10_seats', 1.0) -%}
{%- set onboarding_days = var('health_onboarding_days') | int -%}

with

measured as (

    select * from {{ ref('int_customer_health_measured') }}

),

onboarding as (

    select
        *,
        coalesce(days_live < {{ onboarding_days }}, false) as is_onboarding,
        case
            when days_live < 1 then {{ activation_target }} / {{ onboarding_days }}
            when days_live < {{ onboarding_days }}
                then {{ activation_target }} * cast(days_live as decimal(18, 6)) / {{ onboarding_days }}
            else {{ activation_target }}
        end as activation_target_rate
    from measured

),

rated as (

    select
        *,
        {{ safe_divide('activated_seats', 'entitled_seats') }} as activation_rate,
        case
            when activated_seats > 0
                then cast(usage_last_4_weeks as decimal(18, 6)) / (4 * activated_seats)
            when entitled_seats > 0 and not is_onboarding then 0
        end as usage_per_activated_seat_week,
        {{ safe_divide('usage_last_4_weeks', 'usage_prior_4_weeks') }} as usage_trend_ratio,
        {{ safe_divide('support_load_tickets * 10', 'entitled_seats') }} as support_load_per_10_seats,
        {{ safe_divide('arr', 'arr_lookback') }} - 1 as arr_change_rate
    from onboarding

),

unclipped as (

    select
        *,
        100 * activation_rate / activation_target_rate as activation_raw,
        case
            when usage_per_activated_seat_week is null then null
            when usage_trend_ratio is null then 100 * usage_per_activated_seat_week / {{ usage_target }}
            else
                75 * (
                    case
                        when usage_per_activated_seat_week > {{ usage_target }} then 1
                        else usage_per_activated_seat_week / {{ usage_target }}
                    end
                )
                + 25 * (case when usage_trend_ratio > 1 then 1 else usage_trend_ratio end)
        end as usage_trend_raw,
        100 * (1 - support_load_per_10_seats / {{ support_max }}) as support_load_raw,
        75 + 100 * arr_change_rate as financial_trend_raw,
        60
        + case when open_expansion_amount > 0 then 40 else 0 end
        - 20 * lost_deals as commercial_raw
    from rated

),

clipped as (

    select
        *,
        case
            when activation_raw < 0 then 0
            when activation_raw > 100 then 100
            else activation_raw
        end as activation_score,
        case
            when usage_trend_raw < 0 then 0
            when usage_trend_raw > 100 then 100
            else usage_trend_raw
        end as usage_trend_score,
        case
            when support_load_raw < 0 then 0
            when support_load_raw > 100 then 100
            else support_load_raw
        end as support_load_score,
        case
            when financial_trend_raw < 0 then 0
            when financial_trend_raw > 100 then 100
            else financial_trend_raw
        end as financial_trend_score,
        case
            when commercial_raw < 0 then 0
            when commercial_raw > 100 then 100
            else commercial_raw
        end as commercial_score
    from unclipped

),

final as (

    select
        account_id,
        month_start_date,
        snapshot_date,
        month_number,
        days_live,
        is_onboarding,
        arr,
        arr_lookback,
        entitled_seats,
        activated_seats,
        usage_last_4_weeks,
        usage_prior_4_weeks,
        support_load_tickets,
        open_expansion_amount,
        open_renewal_amount,
        lost_deals,
        lost_amount,
        cast({{ round_half_away('activation_target_rate', 6) }} as decimal(18, 6)) as activation_target_rate,
        cast({{ round_half_away('activation_rate', 6) }} as decimal(18, 6)) as activation_rate,
        cast(
            {{ round_half_away('usage_per_activated_seat_week', 6) }} as decimal(18, 6)
        ) as usage_per_activated_seat_week,
        cast({{ round_half_away('usage_trend_ratio', 6) }} as decimal(18, 6)) as usage_trend_ratio,
        cast({{ round_half_away('support_load_per_10_seats', 6) }} as decimal(18, 6)) as support_load_per_10_seats,
        cast({{ round_half_away('arr_change_rate', 6) }} as decimal(18, 6)) as arr_change_rate,
        cast({{ round_half_away('activation_score', 6) }} as decimal(18, 6)) as activation_score,
        cast({{ round_half_away('usage_trend_score', 6) }} as decimal(18, 6)) as usage_trend_score,
        cast({{ round_half_away('support_load_score', 6) }} as decimal(18, 6)) as support_load_score,
        cast({{ round_half_away('financial_trend_score', 6) }} as decimal(18, 6)) as financial_trend_score,
        cast({{ round_half_away('commercial_score', 6) }} as decimal(18, 6)) as commercial_score
    from clipped

)

select * from final
