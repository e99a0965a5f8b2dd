{#
    Fault predicates on raw text, for the quarantine rules of the base models.
    A value that is empty (or only whitespace) is null, which is allowed here:
    the rule fires only when text is present but cannot be parsed. Columns that
    must not be null are guarded by not_null tests on the stg models.
#}
{% macro is_unparseable_date(expression) -%}
    (nullif(trim({{ expression }}), '') is not null and {{ parse_date(expression) }} is null)
{%- endmacro %}

{% macro is_unparseable_timestamp(expression) -%}
    (nullif(trim({{ expression }}), '') is not null and {{ parse_timestamp(expression) }} is null)
{%- endmacro %}

{% macro is_unparseable_number(expression) -%}
    (nullif(trim({{ expression }}), '') is not null and {{ parse_number(expression) }} is null)
{%- endmacro %}

{% macro is_unparseable_integer(expression) -%}
    (nullif(trim({{ expression }}), '') is not null and {{ parse_integer(expression) }} is null)
{%- endmacro %}
