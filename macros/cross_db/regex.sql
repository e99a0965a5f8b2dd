{#
    Regular expressions differ by engine: DuckDB regexp_matches / regexp_replace(..., 'g'),
    PostgreSQL ~ / regexp_replace(..., 'g'), Spark rlike / regexp_replace (global by default).
    Patterns are POSIX-compatible: no backreferences, no lookarounds.
#}
{% macro regex_matches(expression, pattern) -%}
    {{ return(adapter.dispatch('regex_matches', 'revops')(expression, pattern)) }}
{%- endmacro %}

{% macro default__regex_matches(expression, pattern) -%}
    regexp_matches({{ expression }}, '{{ pattern }}')
{%- endmacro %}

{% macro postgres__regex_matches(expression, pattern) -%}
    ({{ expression }} ~ '{{ pattern }}')
{%- endmacro %}

{% macro spark__regex_matches(expression, pattern) -%}
    ({{ expression }} rlike '{{ pattern }}')
{%- endmacro %}


{% macro regex_replace_all(expression, pattern, replacement) -%}
    {{ return(adapter.dispatch('regex_replace_all', 'revops')(expression, pattern, replacement)) }}
{%- endmacro %}

{% macro default__regex_replace_all(expression, pattern, replacement) -%}
    regexp_replace({{ expression }}, '{{ pattern }}', '{{ replacement }}', 'g')
{%- endmacro %}

{% macro spark__regex_replace_all(expression, pattern, replacement) -%}
    regexp_replace({{ expression }}, '{{ pattern }}', '{{ replacement }}')
{%- endmacro %}
