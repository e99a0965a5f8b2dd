{#
    A select of the integers 0 .. 10^digits - 1 (column `offset_number`), from
    a cross join of ten-row lists: a series with no engine-specific series
    function and no window. (dbt.date_spine numbers its rows with a window
    without a partition, which Spark runs on a single partition and warns
    about on every read.) Used for calendar spines: offsets from a first day
    or month.
#}
{% macro integer_offsets(digits) -%}
    select
        {% for place in range(digits) -%}
        place_{{ place }}.digit * {{ 10 ** place }}{{ ' +' if not loop.last else ' as offset_number' }}
        {% endfor -%}
    from
        {% for place in range(digits) -%}
        {{ 'cross join ' if not loop.first }}(
            {%- for digit in range(10) %}select {{ digit }} as digit{{ ' union all ' if not loop.last }}{% endfor -%}
        ) as place_{{ place }}
        {% endfor -%}
{%- endmacro %}
