{#
    dbt-spark applies contract constraints after creating a table (ALTER TABLE
    ... CHANGE COLUMN ... SET NOT NULL, ADD CONSTRAINT ... CHECK) whenever the
    model's file_format is delta - and it assumes delta when none is set. Our
    Spark target writes the session default (parquet, no Delta Lake installed),
    where Spark rejects those statements (UNSUPPORTED_FEATURE.TABLE_OPERATION),
    so every contracted mart would fail on Spark. This override (the root
    project wins dispatch for the `dbt` namespace) applies them only when a
    model explicitly sets file_format='delta'. On parquet the contract still
    enforces column names and data types; not_null / primary keys are
    enforced by PostgreSQL and DuckDB and checked by the models' data tests on
    every engine.
#}
{% macro spark__persist_constraints(relation, model) %}
    {%- set contract_config = config.get('contract') -%}
    {%- if contract_config.enforced and config.get('file_format') == 'delta' -%}
        {% do alter_table_add_constraints(relation, model.constraints) %}
        {% do alter_column_set_constraints(relation, model.columns) %}
    {%- endif -%}
{% endmacro %}
