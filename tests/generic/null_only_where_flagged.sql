{#
    Not-null test for a column staging may null: the column may be null only on
    rows whose source value staging could not repair, which audit_field_issues
    lists. Fails with the key of every null row that no listed issue explains
    (a join or a derivation that lost the value), so it holds for any export
    and still catches the bugs a plain not_null would.

    key_column     the model's column that holds the raw row's key
    source_table   raw table (file stem) of that key, e.g. 'opportunities'
    source_columns raw columns (lowercase) the value comes from
    flags          the relation of flagged values (default: audit_field_issues)
#}
{% test null_only_where_flagged(model, column_name, key_column, source_table, source_columns, flags=none) %}

{%- set flags = flags if flags is not none else ref('audit_field_issues') -%}

with

null_rows as (

    select cast({{ key_column }} as {{ dbt.type_string() }}) as row_key
    from {{ model }}
    where {{ column_name }} is null

),

flagged_keys as (

    select distinct row_key
    from {{ flags }}
    where
        source_table = '{{ source_table }}'
        and column_name in ('{{ source_columns | join("', '") }}')

),

unexplained as (

    select null_rows.row_key
    from null_rows
    left join flagged_keys
        on null_rows.row_key = flagged_keys.row_key
    where flagged_keys.row_key is null

)

select * from unexplained

{% endtest %}
