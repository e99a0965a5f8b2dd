{#
    Grain test: fails with one row per combination of the listed columns that
    occurs more than once. Nulls group together, so a null key part repeated
    twice is a duplicate as well (grain columns should be not_null anyway).
#}
{% test unique_combination_of_columns(model, combination_of_columns) %}

{%- if combination_of_columns is string or combination_of_columns | length == 0 -%}
    {{ exceptions.raise_compiler_error(
        "unique_combination_of_columns: combination_of_columns must be a non-empty list of column names"
    ) }}
{%- endif %}

with

grouped as (

    select
        {%- for column in combination_of_columns %}
        {{ column }},
        {%- endfor %}
        count(*) as row_count
    from {{ model }}
    group by
        {%- for column in combination_of_columns %}
        {{ column }}{{ "," if not loop.last }}
        {%- endfor %}

),

duplicated as (

    select *
    from grouped
    where row_count > 1

)

select * from duplicated

{% endtest %}
