{#
    The one list of raw tables the audit models reconcile: adding a raw table
    to staging means adding one line here. Each entry: source system and
    table (file stem), its base and stg model, and the raw primary-key column.
#}
{% macro staging_audit_tables() -%}
    {{ return([
        {'system': 'crm', 'table': 'accounts', 'base': 'base_crm__accounts', 'stg': 'stg_crm__accounts', 'key': 'account_id'},
        {'system': 'crm', 'table': 'contacts', 'base': 'base_crm__contacts', 'stg': 'stg_crm__contacts', 'key': 'contact_id'},
        {'system': 'crm', 'table': 'reps', 'base': 'base_crm__reps', 'stg': 'stg_crm__reps', 'key': 'rep_id'},
        {'system': 'crm', 'table': 'leads', 'base': 'base_crm__leads', 'stg': 'stg_crm__leads', 'key': 'lead_id'},
        {'system': 'crm', 'table': 'opportunities', 'base': 'base_crm__opportunities', 'stg': 'stg_crm__opportunities', 'key': 'opp_id'},
        {'system': 'crm', 'table': 'opportunity_stage_history', 'base': 'base_crm__opportunity_stage_history', 'stg': 'stg_crm__opportunity_stage_history', 'key': 'history_id'},
        {'system': 'crm', 'table': 'activities', 'base': 'base_crm__activities', 'stg': 'stg_crm__activities', 'key': 'activity_id'},
        {'system': 'cpq', 'table': 'quotes', 'base': 'base_cpq__quotes', 'stg': 'stg_cpq__quotes', 'key': 'quote_id'},
        {'system': 'sales_ops', 'table': 'poc_tracker', 'base': 'base_sales_ops__pocs', 'stg': 'stg_sales_ops__pocs', 'key': 'poc_id'},
        {'system': 'sales_ops', 'table': 'quotas', 'base': 'base_sales_ops__quotas', 'stg': 'stg_sales_ops__quotas', 'key': 'quota_id'},
        {'system': 'finance', 'table': 'accounting_data', 'base': 'base_finance__accounting_entries', 'stg': 'stg_finance__accounting_entries', 'key': 'transaction_id'},
        {'system': 'billing', 'table': 'billing_orders', 'base': 'base_billing__orders', 'stg': 'stg_billing__orders', 'key': 'order_id'},
        {'system': 'marketing', 'table': 'campaigns', 'base': 'base_marketing__campaigns', 'stg': 'stg_marketing__campaigns', 'key': 'campaign_id'},
        {'system': 'marketing', 'table': 'marketing_touches', 'base': 'base_marketing__touches', 'stg': 'stg_marketing__touches', 'key': 'touch_id'},
        {'system': 'product', 'table': 'seat_entitlements', 'base': 'base_product__seat_entitlements', 'stg': 'stg_product__seat_entitlements', 'key': 'entitlement_id'},
        {'system': 'product', 'table': 'license_events', 'base': 'base_product__license_events', 'stg': 'stg_product__license_events', 'key': 'event_id'},
        {'system': 'support', 'table': 'support_tickets', 'base': 'base_support__tickets', 'stg': 'stg_support__tickets', 'key': 'ticket_id'},
    ]) }}
{%- endmacro %}
