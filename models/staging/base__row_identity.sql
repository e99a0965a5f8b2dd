{{ config(materialized='table') }}

{#-
    The one identity check of staging, for every raw table of staging_registry():
    which first copies of a raw record are quarantined, and why. In this order:
      1. missing_primary_key: the key is empty;
      2. orphan_foreign_key: a parent key (registry `parents`) points to no
         staged row of the parent table, or a required one is empty; parents
         are checked against the staged parents, so accounts come first, then
         opportunities (which need accounts), then every other table;
      3. duplicate_key: another record with the same key is kept (the one with
         a sound identity, then the fewest field issues, then the first in the
         file); only the keys of rows flagged has_repeated_key in their base_
         model are counted, and only the rows whose key repeats are ranked.
    Every other fault only nulls a value (base_ models, audit_field_issues).

    A parent key is staged when one of its rows has a sound identity (of a
    duplicate key, such a row is kept first), so `<parent>_kept` reads the
    parent's checked rows once, not its verdict. Each table's checked rows
    are read twice (ranking, verdict) and its parsed rows for the key count:
    Spark inlines a CTE into each of its references (PostgreSQL materialises
    one that is read more than once), so a chain of references through the
    parents' verdicts multiplied the scans of the parent tables.
-#}
{%- set registry = staging_registry() -%}
{%- set parent_tables = ['accounts', 'opportunities'] -%}
{%- set ordered = parent_tables + (registry.keys() | reject('in', parent_tables) | sort) -%}

-- sqlfluff:indentation:template_blocks_indent:false
with

{% for name in ordered %}
{%- set table = registry[name] %}
{{ name }}_rows as (

    select
        base._source_row as source_row,
        base.{{ table.key }} as row_key,
        {%- for column in table.parents %}
        base.{{ column }},
        {%- endfor %}
        base.field_issue_count,
        base.has_repeated_key,
        base._loaded_at
    from {{ ref('base_' ~ table.system ~ '__' ~ table.entity) }} as base
    where base.duplicate_rank = 1

),

{{ name }}_checked as (

    select
        {{ name }}_rows.*,
        case
            when {{ name }}_rows.row_key is null then 'missing_primary_key'
            {%- for column, parent in table.parents.items() %}
            {%- if column in table.get('required', []) %}
            when {{ name }}_rows.{{ column }} is null then 'orphan_foreign_key'
            {%- endif %}
            when {{ name }}_rows.{{ column }} is not null and {{ column }}_parent.row_key is null
                then 'orphan_foreign_key'
            {%- endfor %}
        end as identity_reason
    from {{ name }}_rows
    {% for column, parent in table.parents.items() %}
    left join {{ parent }}_kept as {{ column }}_parent
        on {{ name }}_rows.{{ column }} = {{ column }}_parent.row_key
    {% endfor %}

),

{%- if name in parent_tables %}

{{ name }}_kept as (

    select distinct row_key from {{ name }}_checked
    where identity_reason is null

),
{%- endif %}

{{ name }}_repeated as (

    select row_key from {{ name }}_rows
    where
        row_key in (
            select {{ name }}_rows.row_key from {{ name }}_rows
            where {{ name }}_rows.has_repeated_key
        )
    group by row_key
    having count(*) > 1

),

{{ name }}_ranked as (

    select
        source_row,
        row_number() over (
            partition by row_key
            order by case when identity_reason is null then 0 else 1 end, field_issue_count, source_row
        ) as key_rank
    from {{ name }}_checked
    where row_key in (select {{ name }}_repeated.row_key from {{ name }}_repeated)

),

{{ name }}_verdict as (

    select
        '{{ name }}' as source_table,
        {{ name }}_checked.source_row,
        {{ name }}_checked.row_key,
        coalesce(
            {{ name }}_checked.identity_reason,
            case when {{ name }}_ranked.key_rank > 1 then 'duplicate_key' end
        ) as quarantine_reason,
        {{ name }}_checked._loaded_at
    from {{ name }}_checked
    left join {{ name }}_ranked
        on {{ name }}_checked.source_row = {{ name }}_ranked.source_row

),
{% endfor %}
quarantined as (

    {% for name in ordered %}
    select
        source_table,
        source_row,
        cast(row_key as {{ dbt.type_string() }}) as row_key,
        quarantine_reason,
        _loaded_at
    from {{ name }}_verdict
    where quarantine_reason is not null
    {% if not loop.last %}union all{% endif %}
    {% endfor %}

)

select * from quarantined
