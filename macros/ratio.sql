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
    into 0.488744 on every engine). This is the only place the nudge lives.

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
    round(({{ expression }}) + sign({{ expression }}) * 0.000000000001, {{ scale }})
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
