{#
    1 for the first copy of a raw record, 2.. for its exact duplicates (every
    listed raw column equal; nulls compare equal in a window partition).
    Staging keeps rank 1; the reconciliation counts the rest as duplicates
    removed. Pass every raw column of the table, as loaded (text).
#}
{% macro duplicate_rank(raw_columns) -%}
    row_number() over (
        partition by {{ raw_columns | join(', ') }}
        order by _source_row
    )
{%- endmacro %}
