{#
    A rate as the project reports it: numerator / denominator as a
    decimal(18, 6) fraction, rounded half away from zero to 6 places, and
    null when the denominator is 0 or null (never a division error, never
    integer division).

    Why the nudge: DuckDB divides decimals in double precision, so an exact
    tie such as 24747.94 / 40000 = 0.6186985 arrives as 0.61869849999... and
    rounds down, while PostgreSQL and Spark divide exactly and round up. A
    nudge of 1e-12 away from zero makes every engine round the same way: it
    is far above the double error of a quotient below ~1000 (a few 1e-16
    relative) and far below the 6 places kept. It must stay that small: a
    true non-tie can lie within 1e-9 of a tie (842244.00 / 1723284.30 =
    0.48874349984 must round to 0.488743, which a 1e-9 nudge turns into
    0.488744 on every engine).
#}
{% macro ratio(numerator, denominator) -%}
    {%- set quotient = '(cast(' ~ numerator ~ ' as decimal(18, 6)) / nullif(' ~ denominator ~ ', 0))' -%}
    cast(round({{ quotient }} + sign({{ quotient }}) * 0.000000000001, 6) as decimal(18, 6))
{%- endmacro %}
