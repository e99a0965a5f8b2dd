{#- One branch per raw table of staging_audit_tables(); a new table needs no edit here. -#}
{%- set tables = staging_audit_tables() -%}

-- sqlfluff:indentation:template_blocks_indent:false
with

{% for t in tables %}
{{ t.table }} as (

    select
        '{{ t.table }}' as source_table,
        _source_row as source_row,
        cast({{ t.key }} as {{ dbt.type_string() }}) as row_key,
        quarantine_reason,
        _loaded_at
    from {{ ref(t.base) }}
    where
        quarantine_reason is not null
        and duplicate_rank = 1

),

{% endfor %}
unioned as (

    {% for t in tables %}
    select * from {{ t.table }}
    {% if not loop.last %}union all{% endif %}
    {% endfor %}

)

select * from unioned
