{#- One row per value that staging nulled because it broke its rule (per raw
    table of staging_registry(), per column with a rule), on rows that are
    staged: the row is kept, the value is not.

    Each base_ model is read once: its flagged rows are crossed with the list
    of its checked columns, and each pair picks that column's issue and raw
    value (a portable unpivot). One read per column instead would be one scan
    of the base_ table per column on Spark, which inlines a CTE into every
    reference. -#}
{%- set registry = staging_registry() -%}

-- sqlfluff:indentation:template_blocks_indent:false
with

quarantined as (

    select
        source_table,
        source_row
    from {{ ref('base__row_identity') }}

),

{% for name, table in registry.items() %}
{%- set checked = staging_checked_columns(table) %}
{{ name }}_checked_columns as (

    {%- for column in checked %}
    select '{{ column.name }}' as column_name{{ ' union all' if not loop.last }}
    {%- endfor %}

),

{{ name }}_issues as (

    select
        '{{ name }}' as source_table,
        base._source_row as source_row,
        cast(base.{{ table.key }} as {{ dbt.type_string() }}) as row_key,
        {{ name }}_checked_columns.column_name,
        case {{ name }}_checked_columns.column_name
            {%- for column in checked %}
            when '{{ column.name }}' then base.{{ column.name }}__raw_value
            {%- endfor %}
        end as raw_value,
        case {{ name }}_checked_columns.column_name
            {%- for column in checked %}
            when '{{ column.name }}' then base.{{ column.name }}__issue
            {%- endfor %}
        end as reason,
        base._loaded_at
    from {{ ref('base_' ~ table.system ~ '__' ~ table.entity) }} as base
    cross join {{ name }}_checked_columns
    left join quarantined
        on
            quarantined.source_table = '{{ name }}'
            and base._source_row = quarantined.source_row
    where
        base.field_issue_count > 0
        and base.duplicate_rank = 1
        and quarantined.source_row is null

),

{% endfor %}
issues as (

    {% for name in registry %}
    select * from {{ name }}_issues
    where reason is not null
    {% if not loop.last %}union all{% endif %}
    {% endfor %}

)

select * from issues
