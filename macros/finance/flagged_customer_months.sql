{#
    The customer-months the finance reconciliations cannot judge, because
    staging nulled a value it could not parse there (audit_field_issues lists
    each): a flagged accounting entry makes its month unknown; a flagged entry
    without a date, or (with include_billing, for the reconciliation to
    billing) a flagged billing order, makes every month of its account unknown,
    written as a null month_start_date. Join with
    `on account_id = ... and (month_start_date is null or month_start_date = ...)`.
#}
{% macro flagged_customer_months(include_billing=false) -%}
    select distinct
        account_id,
        transaction_date as month_start_date
    from {{ ref('stg_finance__accounting_entries') }}
    where has_field_issues
    {%- if include_billing %}
    union
    select distinct
        account_id,
        cast(null as date) as month_start_date
    from {{ ref('stg_billing__orders') }}
    where has_field_issues
    {%- endif %}
{%- endmacro %}
