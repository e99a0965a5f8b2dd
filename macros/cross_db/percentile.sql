{#
    Continuous percentile (linear interpolation between the two nearest ranks,
    the SQL-standard percentile_cont) as an aggregate over a group:
    `{{ percentile_cont('days_to_mql', 0.5) }}`. Nulls are ignored; an all-null
    or empty group gives null. The three engines implement the same definition,
    so values agree (round before comparing; the result is a double):
      DuckDB      quantile_cont(expr, p)
      PostgreSQL  percentile_cont(p) within group (order by expr)  (ordered-set aggregate: group by only, no window)
      Spark       percentile(expr, p)                              (exact, linear interpolation)
    A median is percentile_cont(expr, 0.5).
#}
{% macro percentile_cont(expression, fraction) -%}
    {{ return(adapter.dispatch('percentile_cont', 'revops')(expression, fraction)) }}
{%- endmacro %}

{% macro default__percentile_cont(expression, fraction) -%}
    quantile_cont({{ expression }}, {{ fraction }})
{%- endmacro %}

{% macro postgres__percentile_cont(expression, fraction) -%}
    percentile_cont({{ fraction }}) within group (order by {{ expression }})
{%- endmacro %}

{% macro spark__percentile_cont(expression, fraction) -%}
    percentile({{ expression }}, {{ fraction }})
{%- endmacro %}
