{#
    The warehouse's "today", var('as_of_date') (the end of the generated
    window), as a SQL date: the one way models, tests and analyses read it.
#}
{% macro as_of_date() -%}
    cast('{{ var("as_of_date") }}' as date)
{%- endmacro %}
