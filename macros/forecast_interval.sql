{#
    The spread of a probability-weighted bookings forecast, for the P10/P90
    intervals of rpt_forecast and rpt_bookings_outlook (normal approximation).

    deal_outcome_variance(probability, amount): one open deal's share of the
    variance. The deal closes for `amount` with probability `probability` or
    not at all, so its variance is p(1 - p) x amount^2; p(1 - p) is rounded to
    6 places as decimal(8, 6) and amount^2 held as decimal(28, 2), so the sum
    over deals is exact and the same on every engine.

    forecast_standard_deviation(variance): the square root of the summed
    variance (0 without deals), rounded to the cent.

    The backtest errors of a forecast against what was realised, published by
    rpt_forecast (per method) and rpt_bookings_outlook (per horizon), only once
    the forecast's period is over (`is_complete`) and its actual is not 0:
    forecast_abs_pct_error(forecast, actual, is_complete) = |forecast - actual|
    / actual and forecast_bias(forecast, actual, is_complete) = (forecast -
    actual) / actual, signed (positive: the forecast ran high); null otherwise.
#}
{% macro deal_outcome_variance(probability, amount) -%}
    cast(round({{ probability }} * (1 - {{ probability }}), 6) as decimal(8, 6))
    * cast({{ amount }} * {{ amount }} as decimal(28, 2))
{%- endmacro %}

{% macro forecast_standard_deviation(variance) -%}
    round(cast(sqrt(coalesce({{ variance }}, 0)) as decimal(24, 4)), 2)
{%- endmacro %}

{% macro forecast_abs_pct_error(forecast, actual, is_complete) -%}
    case
        when {{ is_complete }} and {{ actual }} <> 0
            then {{ ratio('abs(' ~ forecast ~ ' - ' ~ actual ~ ')', actual) }}
    end
{%- endmacro %}

{% macro forecast_bias(forecast, actual, is_complete) -%}
    case
        when {{ is_complete }} and {{ actual }} <> 0
            then {{ ratio(forecast ~ ' - ' ~ actual, actual) }}
    end
{%- endmacro %}
