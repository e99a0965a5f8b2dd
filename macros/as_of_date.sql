{#
    The bounds of the generated window as SQL dates, the one way models, tests
    and analyses read them: as_of_date() is the warehouse's "today",
    var('as_of_date') (the window's last day); window_start_date() is its
    first day, var('window_start_date'), where the reporting history starts.
#}
{% macro as_of_date() -%}
    cast('{{ var("as_of_date") }}' as date)
{%- endmacro %}

{% macro window_start_date() -%}
    cast('{{ var("window_start_date") }}' as date)
{%- endmacro %}
