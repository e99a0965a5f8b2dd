{#
    One home for every division and rounding the marts publish.

    round_half_away(expression, scale): rounds half away from zero to `scale`
    places on every engine. DuckDB divides and averages decimals in double
    precision, so an exact tie such as 24747.94 / 40000 = 0.6186985 arrives as
    0.61869849999... and rounds down, while PostgreSQL and Spark compute it
    exactly and round up. A nudge of 1e-12 away from zero makes every engine
    round the same way: it is far above the double error of a value below
    ~1000 (a few 1e-16 relative) and far below the places kept. It must stay
    that small: a true non-tie can lie within 1e-9 of a tie (842244.00 /
    1723284.30 = 0.48874349984 must round to 0.488743, which a 1e-9 nudge turns
    into 0.488744 on every engine). On DuckDB the nudge also grows with the
    value (1e-15 of it), as the double's error does: an average amount such as
    157938.30 / 4 = 39484.575 is a tie that arrives 4e-12 short. This is the
    only place the nudge lives.

    safe_divide(numerator, denominator): numerator / denominator as a decimal
    quotient (never integer division), null when the denominator is 0 or null
    (never a division error). Unrounded: for inputs of further arithmetic.

    ratio(numerator, denominator, scale): a published rate or average, the
    safe quotient rounded half away from zero to `scale` places (6 for rates as
    fractions, 2 for amounts and days), as decimal(18, 6); with scale=none the
    unrounded safe quotient, for a rate that later arithmetic (a lift, an
    elasticity) reads before it is rounded for publication.
#}
{% macro round_half_away(expression, scale=6) -%}
    {{ return(adapter.dispatch('round_half_away', 'revops')(expression, scale)) }}
{%- endmacro %}

{#- The direction as a case, not sign(): PostgreSQL's sign() of an integer is a double, and it has no
    round(double, int). -#}
{% macro default__round_half_away(expression, scale) -%}
    round(
        ({{ expression }}) + case when ({{ expression }}) < 0 then -0.000000000001 else 0.000000000001 end,
        {{ scale }}
    )
{%- endmacro %}

{#- DuckDB's quotient is a double whose error grows with its size (39484.575 arrives as
    39484.574999999997, 4e-12 below the tie): the nudge grows with it, 1e-15 of the value on top. -#}
{% macro duckdb__round_half_away(expression, scale) -%}
    round(
        ({{ expression }})
        + case when ({{ expression }}) < 0 then -1 else 1 end
        * (0.000000000001 + abs({{ expression }}) * 0.000000000000001),
        {{ scale }}
    )
{%- endmacro %}

{% macro safe_divide(numerator, denominator) -%}
    (cast({{ numerator }} as decimal(18, 6)) / nullif({{ denominator }}, 0))
{%- endmacro %}

{% macro ratio(numerator, denominator, scale=6) -%}
    {%- if scale is none -%}
        {{ safe_divide(numerator, denominator) }}
    {%- else -%}
        cast({{ round_half_away(safe_divide(numerator, denominator), scale) }} as decimal(18, 6))
    {%- endif -%}
{%- endmacro %}

{#
    Opportunity win rate (SPEC 5): Won / (Won + Lost), null when nothing closed.
    Every report that shows a win rate computes it here, from its counts of Won
    and Lost opportunities.
#}
{% macro win_rate(won_count, lost_count, scale=6) -%}
    {{ ratio(won_count, won_count ~ ' + ' ~ lost_count, scale) }}
{%- endmacro %}
