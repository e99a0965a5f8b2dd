{#
    The parse step of one raw table (base_<system>__<entity>), written from its
    staging_registry() entry: every raw record once, every column parsed once.

    Per column: the repaired text (trimmed; thousands separators and
    MM/DD/YYYY, DD.MM.YYYY dates rewritten), the typed value, and for columns
    with a rule `<column>__issue` (the fault code when the value breaks its
    rule; the value is then null) with `<column>__raw_value` (the text as
    loaded, kept only for a faulty value). Per row: `field_issue_count`,
    `duplicate_rank` (exact copies) and `has_repeated_key` (the raw key repeats
    another raw row's, or is written with spaces around it and so, trimmed, may
    equal another key). Whether the row itself is kept is decided later, once,
    in base__row_identity, which looks for duplicate keys only among the keys
    of flagged rows.

    Exact copies can only share their key, so the copies are ranked among the
    rows whose raw key repeats (or is empty): one aggregate over the key, and
    the window over all columns only for those few rows. Both read the source
    table directly: a CTE read three times would be materialised in full. The
    repeated keys are joined, not tested with `or ... in (subquery)`, which
    PostgreSQL runs as a nested scan of the subquery for every row.

    Event tables (registry `incremental`; DuckDB and PostgreSQL) are
    incremental: revops load keeps the `_source_row` and `_loaded_at` of the
    records it already holds, so a run parses only the rows loaded after the
    newest `_loaded_at` parsed, plus (a union, joined on the parsed rows) the
    rows whose not_future rule may read differently under today's
    as_of_date; rows the load dropped are deleted
    first (staging_drop_vanished_rows). A new copy of a record always has a
    higher `_source_row` than the copies already held, and a load drops the
    highest copies first, so the ranks of rows already parsed never change:
    the new rows are ranked among every raw row of their keys, and a new row
    whose raw key repeats an older row's is flagged (the older row's flag may
    stay false: base__row_identity takes every row of a flagged key; a padded
    key is flagged whenever its row is parsed). Everything that
    reads across rows (base__row_identity, the audits) is rebuilt in full.
    Spark keeps a full rebuild: its parquet tables cannot delete rows.
#}
{% macro staging_base(table_name) -%}
    {%- set table = staging_registry()[table_name] -%}
    {%- set as_of = as_of_date() -%}
    {%- set checked = staging_checked_columns(table) -%}
    {%- set incremental = table.get('incremental', false) and target.type != 'spark' -%}
    {%- if incremental -%}
        {{ config(
            materialized='incremental',
            incremental_strategy='delete+insert',
            unique_key='_source_row',
            on_schema_change='fail',
            pre_hook="{{ staging_drop_vanished_rows('" ~ table_name ~ "') }}",
        ) }}
    {%- endif %}
    {%- set batch_only = incremental and is_incremental() %}
-- sqlfluff:indentation:template_blocks_indent:false
with
{% if batch_only %}
parsed_up_to as (

    select coalesce(max(_loaded_at), cast('1900-01-01' as timestamp)) as loaded_at from {{ this }}

),
{% endif %}
source as (

    select * from {{ source(table.system, table_name) }}
    {%- if batch_only %}
    where _loaded_at > (select parsed_up_to.loaded_at from parsed_up_to)
    {%- set dated = table.columns | selectattr('not_future') | list %}
    {%- if dated %}

    union all

    select raw_rows.*
    from {{ source(table.system, table_name) }} as raw_rows
    inner join {{ this }} as parsed
        on
            raw_rows._source_row = parsed._source_row
            and raw_rows._loaded_at = parsed._loaded_at
    where
        {%- for column in dated %}
        parsed.{{ column.name }}__issue = 'future_date'
        or cast(parsed.{{ column.name }} as date) > {{ as_of }}{{ '' if loop.last else '\n        or' }}
        {%- endfor %}
    {%- endif %}
    {%- endif %}

),

repeated_keys as (

    select {{ table.key }} from {{ source(table.system, table_name) }}
    {%- if batch_only %}
    where {{ table.key }} in (select source.{{ table.key }} from source)
    {%- endif %}
    group by {{ table.key }}
    having count(*) > 1

),

copies as (

    select
        raw_rows._source_row,
        repeated_keys.{{ table.key }} is not null as has_repeated_key,
        {{ duplicate_rank(table.columns | map(attribute='name') | map('string') | list, 'raw_rows') }} as duplicate_rank
    from {{ source(table.system, table_name) }} as raw_rows
    left join repeated_keys
        on raw_rows.{{ table.key }} = repeated_keys.{{ table.key }}
    where
        raw_rows.{{ table.key }} is null
        or repeated_keys.{{ table.key }} is not null

),

texts as (

    select
        {%- for column in table.columns %}
        {{ staging_text(column, 'source.' ~ column.name) }} as {{ column.name }}__text,
        {%- endfor %}
        {%- for column in checked %}
        source.{{ column.name }} as {{ column.name }}__raw,
        {%- endfor %}
        coalesce(copies.duplicate_rank, 1) as duplicate_rank,
        coalesce(copies.has_repeated_key, false)
        or coalesce(source.{{ table.key }} <> trim(source.{{ table.key }}), false) as has_repeated_key,
        source._source_row,
        source._loaded_at
    from source
    left join copies
        on source._source_row = copies._source_row

),

parsed as (

    select
        texts.*,
        {%- for column in table.columns %}
        {{ staging_value(column, column.name ~ '__text') }} as {{ column.name }}__value{{ ',' if not loop.last }}
        {%- endfor %}
    from texts

),

checked as (

    select
        parsed.*,
        {%- for column in checked %}
        {{ staging_issue(column, as_of) }} as {{ column.name }}__issue{{ ',' if not loop.last }}
        {%- endfor %}
    from parsed

),

final as (

    select
        {%- for column in table.columns %}
        {%- if column in checked %}
        case when {{ column.name }}__issue is null then {{ column.name }}__value end as {{ column.name }},
        {%- else %}
        {{ column.name }}__value as {{ column.name }},
        {%- endif %}
        {%- endfor %}
        {%- for column in checked %}
        {{ column.name }}__issue,
        case when {{ column.name }}__issue is not null then {{ column.name }}__raw end as {{ column.name }}__raw_value,
        {%- endfor %}
        {{ staging_issue_count(checked) }} as field_issue_count,
        duplicate_rank,
        has_repeated_key,
        _source_row,
        _loaded_at
    from checked

)

select * from final
{%- endmacro %}


{#- Pre-hook of an incremental base_ model: delete the parsed rows whose raw
    row the last load dropped (its record left the export; the pair
    _source_row, _loaded_at no longer in raw). Every raw row loaded up to the
    newest parsed `_loaded_at` has been parsed, so rows have vanished exactly
    when the parsed rows outnumber those raw rows: two counts, and the
    anti-join over the whole table only on a night that needs it. -#}
{% macro staging_drop_vanished_rows(table_name) -%}
    {%- set table = staging_registry()[table_name] -%}
    {%- if execute and is_incremental() -%}
        {%- set raw_table = source(table.system, table_name) -%}
        {%- set counts = run_query(
            "select (select count(*) from " ~ this ~ ") as parsed_rows, (select count(*) from " ~ raw_table
            ~ " where _loaded_at <= (select max(_loaded_at) from " ~ this ~ ")) as held_rows"
        ).rows[0] -%}
        {%- if counts[0] != counts[1] -%}
        delete from {{ this }}
        where _source_row in (
            select parsed._source_row
            from {{ this }} as parsed
            left join {{ raw_table }} as raw_rows
                on
                    parsed._source_row = raw_rows._source_row
                    and parsed._loaded_at = raw_rows._loaded_at
            where raw_rows._source_row is null
        )
        {%- endif -%}
    {%- endif -%}
{%- endmacro %}


{#- Columns of a registry entry that carry a value rule (everything but ids and free text). -#}
{% macro staging_checked_columns(table) -%}
    {%- set checked = [] -%}
    {%- for column in table.columns if column.type not in ('id', 'text', 'company_name') -%}
        {%- do checked.append(column) -%}
    {%- endfor -%}
    {{ return(checked) }}
{%- endmacro %}


{% macro staging_text(column, expression) -%}
    {%- set trimmed = "nullif(trim(" ~ expression ~ "), '')" -%}
    {%- if column.type == 'company_name' -%}
        nullif({{ canonical_company_name(expression) }}, '')
    {%- elif column.type in ('integer', 'number', 'money') -%}
        {{ repair_number_text(trimmed) }}
    {%- elif column.type in ('date', 'timestamp') -%}
        {{ repair_date_text(trimmed) }}
    {%- else -%}
        {{ trimmed }}
    {%- endif -%}
{%- endmacro %}


{% macro staging_value(column, text) -%}
    {%- if column.type == 'enum' -%}
        {{ normalize_enum(text, column['values']) }}
    {%- elif column.type == 'flag' -%}
        case {{ text }} when '1' then true when '0' then false end
    {%- elif column.type == 'integer' -%}
        {{ parse_integer(text) }}
    {%- elif column.type in ('number', 'money') -%}
        {{ parse_number(text) }}
    {%- elif column.type == 'date' -%}
        {{ parse_date(text) }}
    {%- elif column.type == 'timestamp' -%}
        {{ parse_timestamp(text) }}
    {%- else -%}
        {{ text }}
    {%- endif -%}
{%- endmacro %}


{#- The first rule the value breaks, as a fault code of docs/data_quality.md; null when sound. -#}
{% macro staging_issue(column, as_of) -%}
    {%- set value = column.name ~ '__value' -%}
    {%- set unparseable = {'date': 'unparseable_date', 'timestamp': 'unparseable_date',
                           'enum': 'unknown_value', 'flag': 'unknown_value'}.get(column.type, 'unparseable_number') -%}
    case
            when {{ column.name }}__text is not null and {{ value }} is null then '{{ unparseable }}'
            {%- if column.type == 'integer' and column.get('values') %}
            when {{ value }} not in ({{ column['values'] | join(', ') }}) then 'unknown_value'
            {%- endif %}
            {%- if column.min is defined %}
            when {{ value }} < {{ column.min }} then '{{ column.min_reason }}'
            {%- endif %}
            {%- if column.max is defined %}
            when {{ value }} > {{ column.max }} then '{{ column.max_reason }}'
            {%- endif %}
            {%- if column.not_future %}
            when cast({{ value }} as date) > {{ as_of }} then 'future_date'
            {%- endif %}
            {%- if column.not_before %}
            when {{ value }} < {{ column.not_before[0] }}__value then '{{ column.not_before[1] }}'
            {%- endif %}
        end
{%- endmacro %}


{% macro staging_issue_count(checked) -%}
    {%- for column in checked -%}
        case when {{ column.name }}__issue is null then 0 else 1 end{{ ' + ' if not loop.last }}
    {%- endfor -%}
{%- endmacro %}
