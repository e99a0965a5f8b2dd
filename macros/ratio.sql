{#
    A rate as the project reports it: numerator / denominator as a
    decimal(18, 6) fraction, rounded to 6 places so every engine returns the
    same value, and null when the denominator is 0 or null (never a division
    error, never integer division).
#}
{% macro ratio(numerator, denominator) -%}
    cast(round(cast({{ numerator }} as decimal(18, 6)) / nullif({{ denominator }}, 0), 6) as decimal(18, 6))
{%- endmacro %}
