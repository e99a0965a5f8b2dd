{#
    A rate as the project reports it: numerator / denominator as a
    decimal(18, 6) fraction, rounded half away from zero to 6 places, and
    null when the denominator is 0 or null (never a division error, never
    integer division).

    Why the nudge: DuckDB divides decimals in double precision, so an exact
    tie such as 24747.94 / 40000 = 0.6186985 arrives as 0.61869849999... and
    rounds down, while PostgreSQL and Spark divide exactly and round up. A
    nudge of 1e-9 away from zero, far below the 6 places kept, makes every
    engine round the same way.
#}
{% macro ratio(numerator, denominator) -%}
    {%- set quotient = '(cast(' ~ numerator ~ ' as decimal(18, 6)) / nullif(' ~ denominator ~ ', 0))' -%}
    cast(round({{ quotient }} + sign({{ quotient }}) * 0.000000001, 6) as decimal(18, 6))
{%- endmacro %}
