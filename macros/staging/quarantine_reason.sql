{#
    The first failing rule of a row, or null when the row is clean:
    quarantine_reason([("opportunity_id is null", "missing_primary_key"),
                       ("amount < 0", "negative_amount")]).
    Reasons use the fault codes of docs/data_quality.md.
#}
{% macro quarantine_reason(rules) -%}
    case
        {%- for condition, reason in rules %}
        when {{ condition }} then '{{ reason }}'
        {%- endfor %}
    end
{%- endmacro %}
