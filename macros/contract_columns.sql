{#
    The select list of a model with an enforced contract, rendered from the
    model's own YAML: one `cast(<column> as <data_type>) as <column>` per
    contract column, in the contract's order. The YAML is the one home of each
    column's name, order and type; the model's last CTE reads

        select {{ contract_columns() }}
        from <the CTE that computes every column under its contract name>

    dbt hands `model.columns` to the context with each data_type already
    translated for the engine (contract.alias_types: `string` is text on DuckDB
    and PostgreSQL, string on Spark), and the contract preflight builds its
    reference types with the same `cast(null, data_type)`, so the query's types
    are the contract's by construction on every engine.

    dbt passes no columns while it parses a model, nor to a unit test (the unit
    test node carries no columns and its context no graph): there the list is
    `*`, the columns of the CTE before as that CTE computes them, and a unit
    test compares every column it names at the type the CTE gives it. On
    PostgreSQL that can be an unconstrained numeric, compared by its text: a
    few unit tests write such an expected amount at the scale the CTE computes
    it, as text (arr: "200.00", not 200); the unit tests that compare many such
    amounts are enabled on DuckDB and Spark only (their YAML says so).
#}
{% macro contract_columns() -%}
    {%- set columns = model.get('columns', {}).values() | list -%}
    {%- if columns | length == 0 -%}
        *
    {%- else -%}
        {%- for column in columns %}
        {{ dbt.cast(column.name, column.data_type) | trim }} as {{ column.name }}{{ "," if not loop.last }}
        {%- endfor %}
    {%- endif -%}
{%- endmacro %}
