{#-
    raw rows = staged rows + quarantined rows + duplicates removed, per raw
    table of staging_audit_tables(). Raw rows are counted on the source itself
    (not on the base model), so a row lost anywhere in staging shows up here.
-#}
{%- set tables = staging_audit_tables() -%}

-- sqlfluff:indentation:template_blocks_indent:false
with

{% for t in tables %}
{{ t.table }}_raw as (

    select count(*) as row_count from {{ source(t.system, t.table) }}

),

{{ t.table }}_staged as (

    select count(*) as row_count from {{ ref(t.stg) }}

),

{{ t.table }}_base as (

    select
        sum(case when quarantine_reason is not null and duplicate_rank = 1 then 1 else 0 end) as quarantined_rows,
        sum(case when duplicate_rank > 1 then 1 else 0 end) as duplicate_rows
    from {{ ref(t.base) }}

),

{% endfor %}
reconciled as (

    {% for t in tables %}
    select
        '{{ t.table }}' as source_table,
        cast({{ t.table }}_raw.row_count as {{ dbt.type_bigint() }}) as raw_rows,
        cast({{ t.table }}_staged.row_count as {{ dbt.type_bigint() }}) as staged_rows,
        cast(coalesce({{ t.table }}_base.quarantined_rows, 0) as {{ dbt.type_bigint() }}) as quarantined_rows,
        cast(coalesce({{ t.table }}_base.duplicate_rows, 0) as {{ dbt.type_bigint() }}) as duplicate_rows
    from {{ t.table }}_raw
    cross join {{ t.table }}_staged
    cross join {{ t.table }}_base
    {% if not loop.last %}union all{% endif %}
    {% endfor %}

)

select * from reconciled
