{#
    Range test: fails with every row whose column (or expression) lies outside
    [min_value, max_value]; either bound may be omitted (min_value=0 alone is a
    not-negative test). With inclusive=false the bounds themselves fail too.
    Null values are not checked (pair with not_null when nulls are forbidden).
#}
{% test accepted_range(model, column_name, min_value=none, max_value=none, inclusive=true) %}

{%- if min_value is none and max_value is none -%}
    {{ exceptions.raise_compiler_error("accepted_range: give min_value, max_value or both") }}
{%- endif -%}

{%- set lower_operator = ">=" if inclusive else ">" -%}
{%- set upper_operator = "<=" if inclusive else "<" -%}

with

out_of_range as (

    select *
    from {{ model }}
    where
        {{ column_name }} is not null
        and not (
            {%- if min_value is not none %}
            {{ column_name }} {{ lower_operator }} {{ min_value }}
            {%- endif %}
            {%- if min_value is not none and max_value is not none %}
            and
            {%- endif %}
            {%- if max_value is not none %}
            {{ column_name }} {{ upper_operator }} {{ max_value }}
            {%- endif %}
        )

)

select * from out_of_range

{% endtest %}
