{#
    Post-hook: refresh planner statistics of the table just built. PostgreSQL
    does not analyse a table created by CTAS until autovacuum gets to it, and
    without statistics it plans joins over millions of rows as nested loops.
    DuckDB and Spark need nothing; views have no statistics of their own.
#}
{% macro analyze_relation() -%}
    {{ return(adapter.dispatch('analyze_relation', 'revops')()) }}
{%- endmacro %}

{% macro default__analyze_relation() -%}
{%- endmacro %}

{% macro postgres__analyze_relation() -%}
    {%- if config.get('materialized') in ['table', 'incremental', 'seed'] -%}
        analyze {{ this }}
    {%- endif -%}
{%- endmacro %}
