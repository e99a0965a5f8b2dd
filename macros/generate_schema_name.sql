{#
    Schemas are exactly raw, staging, intermediate, marts and audit on every
    target: a folder's +schema is used as is, never prefixed with the target
    schema, so BI tools and grants can name them.
#}
{% macro generate_schema_name(custom_schema_name, node) -%}
    {%- if custom_schema_name is none -%}
        {{ target.schema }}
    {%- else -%}
        {{ custom_schema_name | trim }}
    {%- endif -%}
{%- endmacro %}
