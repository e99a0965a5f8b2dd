{#
    1 for the first copy of a raw record, 2.. for its exact duplicates (every
    listed raw column equal; nulls compare equal in a window partition).
    Staging keeps rank 1; the reconciliation counts the rest as duplicates
    removed. Pass every raw column of the table, as loaded (text), and the
    alias of the raw relation they are read from.
#}
{% macro duplicate_rank(raw_columns, relation_alias) -%}
    row_number() over (
        partition by {% for column in raw_columns %}{{ relation_alias }}.{{ column }}{{ ', ' if not loop.last }}{% endfor %}
        order by {{ relation_alias }}._source_row
    )
{%- endmacro %}
