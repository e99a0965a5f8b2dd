{#-
    raw rows = staged rows + quarantined rows + duplicates removed, per raw
    table of staging_registry(). Raw rows are counted on the source itself
    (not on the base model), so a row lost anywhere in staging shows up here.
-#}
{%- set registry = staging_registry() -%}

-- sqlfluff:indentation:template_blocks_indent:false
with

quarantined as (

    select
        source_table,
        count(*) as row_count
    from {{ ref('base__row_identity') }}
    group by source_table

),

{% for name, t in registry.items() %}
{{ name }}_raw as (

    select count(*) as row_count from {{ source(t.system, name) }}

),

{{ name }}_staged as (

    select count(*) as row_count from {{ ref('stg_' ~ t.system ~ '__' ~ t.entity) }}

),

{{ name }}_base as (

    select sum(case when duplicate_rank > 1 then 1 else 0 end) as duplicate_rows
    from {{ ref('base_' ~ t.system ~ '__' ~ t.entity) }}

),

{% endfor %}
reconciled as (

    {% for name, t in registry.items() %}
    select
        '{{ name }}' as source_table,
        cast({{ name }}_raw.row_count as {{ dbt.type_bigint() }}) as raw_rows,
        cast({{ name }}_staged.row_count as {{ dbt.type_bigint() }}) as staged_rows,
        cast(coalesce({{ name }}_quarantined.row_count, 0) as {{ dbt.type_bigint() }}) as quarantined_rows,
        cast(coalesce({{ name }}_base.duplicate_rows, 0) as {{ dbt.type_bigint() }}) as duplicate_rows
    from {{ name }}_raw
    cross join {{ name }}_staged
    cross join {{ name }}_base
    left join quarantined as {{ name }}_quarantined
        on {{ name }}_quarantined.source_table = '{{ name }}'
    {% if not loop.last %}union all{% endif %}
    {% endfor %}

)

select * from reconciled
