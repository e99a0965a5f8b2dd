{#- One row per value that staging nulled because it broke its rule (per raw
    table of staging_registry(), per column with a rule), on rows that are
    staged: the row is kept, the value is not. -#}
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
{{ name }}_flagged as (

    select base.*
    from {{ ref('base_' ~ table.system ~ '__' ~ table.entity) }} as base
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

    {% for name, table in registry.items() %}
    {%- set outer_loop = loop %}
    {%- for column in staging_checked_columns(table) %}
    select
        '{{ name }}' as source_table,
        _source_row as source_row,
        cast({{ table.key }} as {{ dbt.type_string() }}) as row_key,
        '{{ column.name }}' as column_name,
        {{ column.name }}__raw_value as raw_value,
        {{ column.name }}__issue as reason,
        _loaded_at
    from {{ name }}_flagged
    where {{ column.name }}__issue is not null
    {% if not (outer_loop.last and loop.last) %}union all{% endif %}
    {% endfor %}
    {%- endfor %}

)

select * from issues
