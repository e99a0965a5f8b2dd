{#
    The one declarative description of the 17 raw tables that drives staging
    (staging_base, staging_model, the identity checks and the audit models).

    Per raw table (file stem):
      system, entity   model names base_<system>__<entity> / stg_<system>__<entity>
      key              primary-key column (raw name)
      incremental      an event table (loaded incrementally, revops load): its
                       base_ model parses only the rows loaded since its last run
                       (staging_base; DuckDB and PostgreSQL)
      parents          foreign keys checked for orphans, in base__row_identity:
                       {column: parent raw table, ...}; `required` lists the
                       ones that may not be empty
      columns          in raw order: name (raw, lowercase), as (staged name, when
                       renamed), type, and the value rules of the type:
        id / text      trimmed, empty -> null
        company_name   canonical_company_name()
        enum           values: the documented spellings (case/whitespace repaired)
        integer        values: an allowed set (anything else is unknown_value)
        number, money  min / max with the reason a value outside gets
        flag           0 / 1 -> boolean
        date, timestamp  not_future: after as_of_date is a fault;
                       not_before: [column, reason] (e.g. an end before its start)
    A value that breaks its rule is nulled and flagged (audit_field_issues);
    only the key and the parents decide whether a row is quarantined.
#}
{% macro staging_registry() -%}
    {%- set industries = vocabulary('industry') -%}
    {%- set customer_types = vocabulary('customer_type') -%}
    {%- set bundles = vocabulary('product_bundle') -%}
    {%- set stages = vocabulary('opportunity_stage') -%}
    {%- set motions = vocabulary('opportunity_type') -%}
    {%- set families = vocabulary('product_family') -%}
    {{ return({
        'accounts': {'system': 'crm', 'entity': 'accounts', 'key': 'account_id', 'parents': {}, 'columns': [
            {'name': 'account_id', 'type': 'id'},
            {'name': 'account_name', 'type': 'company_name'},
            {'name': 'parent_account_id', 'type': 'id'},
            {'name': 'industry', 'type': 'enum', 'values': industries},
            {'name': 'customer_type', 'type': 'enum', 'values': customer_types},
            {'name': 'employee_count', 'type': 'integer'},
            {'name': 'annual_revenue_band', 'type': 'text'},
            {'name': 'postal_code', 'type': 'text'},
            {'name': 'region', 'type': 'text'},
            {'name': 'country', 'type': 'text'},
            {'name': 'status', 'type': 'enum', 'values': vocabulary('account_status')},
            {'name': 'owner_rep_id', 'type': 'id'},
            {'name': 'created_at', 'type': 'timestamp', 'not_future': true}]},
        'opportunities': {'system': 'crm', 'entity': 'opportunities', 'key': 'opp_id',
            'parents': {'customer_id': 'accounts'}, 'required': ['customer_id'], 'columns': [
            {'name': 'opp_id', 'as': 'opportunity_id', 'type': 'id'},
            {'name': 'customer_id', 'as': 'account_id', 'type': 'id'},
            {'name': 'customer_name', 'type': 'company_name'},
            {'name': 'contact_id', 'type': 'id'},
            {'name': 'contact_name', 'type': 'text'},
            {'name': 'status', 'type': 'enum', 'values': vocabulary('opportunity_status')},
            {'name': 'lead_source', 'type': 'enum', 'values': vocabulary('opportunity_lead_source')},
            {'name': 'customer_type', 'type': 'enum', 'values': customer_types},
            {'name': 'opportunity_type', 'type': 'enum', 'values': motions},
            {'name': 'stage', 'type': 'enum', 'values': stages},
            {'name': 'probability', 'type': 'number'},
            {'name': 'forecast_category', 'type': 'enum', 'values': vocabulary('forecast_category')},
            {'name': 'product_bundle_code', 'type': 'enum', 'values': bundles},
            {'name': 'amount', 'type': 'money', 'min': 0, 'min_reason': 'negative_amount'},
            {'name': 'created_date', 'type': 'date', 'not_future': true},
            {'name': 'close_date', 'type': 'date'},
            {'name': 'owner_rep_id', 'type': 'id'},
            {'name': 'loss_reason', 'type': 'text'},
            {'name': 'competitor', 'type': 'text'}]},
        'contacts': {'system': 'crm', 'entity': 'contacts', 'key': 'contact_id',
            'parents': {'account_id': 'accounts'}, 'required': ['account_id'], 'columns': [
            {'name': 'contact_id', 'type': 'id'},
            {'name': 'account_id', 'type': 'id'},
            {'name': 'first_name', 'type': 'text'},
            {'name': 'last_name', 'type': 'text'},
            {'name': 'email', 'type': 'text'},
            {'name': 'phone', 'type': 'text'},
            {'name': 'title', 'type': 'text'},
            {'name': 'persona', 'type': 'text'},
            {'name': 'region', 'type': 'text'},
            {'name': 'created_at', 'type': 'timestamp', 'not_future': true}]},
        'reps': {'system': 'crm', 'entity': 'reps', 'key': 'rep_id', 'parents': {}, 'columns': [
            {'name': 'rep_id', 'type': 'id'},
            {'name': 'full_name', 'type': 'text'},
            {'name': 'email', 'type': 'text'},
            {'name': 'role', 'type': 'enum', 'values': vocabulary('rep_role')},
            {'name': 'manager_rep_id', 'type': 'id'},
            {'name': 'territory_id', 'type': 'id'},
            {'name': 'region', 'type': 'text'},
            {'name': 'hire_date', 'type': 'date'},
            {'name': 'termination_date', 'type': 'date', 'not_before': ['hire_date', 'end_before_start']}]},
        'leads': {'incremental': true, 'system': 'crm', 'entity': 'leads', 'key': 'lead_id',
            'parents': {'customer_id': 'accounts'}, 'required': ['customer_id'], 'columns': [
            {'name': 'lead_id', 'type': 'id'},
            {'name': 'customer_id', 'as': 'account_id', 'type': 'id'},
            {'name': 'lead_source', 'type': 'enum', 'values': vocabulary('lead_source')},
            {'name': 'created_date', 'type': 'date', 'not_future': true},
            {'name': 'mql_date', 'type': 'date', 'not_before': ['created_date', 'mql_before_created']},
            {'name': 'sql_date', 'type': 'date'},
            {'name': 'disposition_code', 'type': 'enum', 'values': vocabulary('lead_disposition')},
            {'name': 'owner_rep_id', 'type': 'id'},
            {'name': 'campaign_id', 'type': 'id'},
            {'name': 'postal_code', 'type': 'text'},
            {'name': 'lead_score', 'type': 'integer'},
            {'name': 'lead_status', 'type': 'enum', 'values': vocabulary('lead_status')}]},
        'opportunity_stage_history': {'incremental': true, 'system': 'crm', 'entity': 'opportunity_stage_history', 'key': 'history_id',
            'parents': {'opp_id': 'opportunities'}, 'required': ['opp_id'], 'columns': [
            {'name': 'history_id', 'type': 'id'},
            {'name': 'opp_id', 'as': 'opportunity_id', 'type': 'id'},
            {'name': 'stage', 'type': 'enum', 'values': stages},
            {'name': 'entered_at', 'type': 'timestamp', 'not_future': true},
            {'name': 'amount', 'type': 'money'},
            {'name': 'probability', 'type': 'number'},
            {'name': 'expected_close_date', 'type': 'date'},
            {'name': 'changed_by_rep_id', 'type': 'id'}]},
        'activities': {'incremental': true, 'system': 'crm', 'entity': 'activities', 'key': 'activity_id',
            'parents': {'account_id': 'accounts', 'opp_id': 'opportunities'}, 'required': [], 'columns': [
            {'name': 'activity_id', 'type': 'id'},
            {'name': 'activity_type', 'type': 'enum', 'values': vocabulary('activity_type')},
            {'name': 'rep_id', 'type': 'id'},
            {'name': 'account_id', 'type': 'id'},
            {'name': 'contact_id', 'type': 'id'},
            {'name': 'opp_id', 'as': 'opportunity_id', 'type': 'id'},
            {'name': 'lead_id', 'type': 'id'},
            {'name': 'activity_at', 'type': 'timestamp', 'not_future': true},
            {'name': 'outcome', 'type': 'text'},
            {'name': 'duration_minutes', 'type': 'integer'}]},
        'quotes': {'system': 'cpq', 'entity': 'quotes', 'key': 'quote_id',
            'parents': {'opp_id': 'opportunities', 'customer_id': 'accounts'}, 'required': ['opp_id', 'customer_id'],
            'columns': [
            {'name': 'quote_id', 'type': 'id'},
            {'name': 'opp_id', 'as': 'opportunity_id', 'type': 'id'},
            {'name': 'customer_id', 'as': 'account_id', 'type': 'id'},
            {'name': 'quote_date', 'type': 'date', 'not_future': true},
            {'name': 'product_bundle_code', 'type': 'enum', 'values': bundles},
            {'name': 'quantity', 'type': 'integer', 'min': 0, 'min_reason': 'negative_amount'},
            {'name': 'list_price', 'type': 'money', 'min': 0, 'min_reason': 'negative_amount'},
            {'name': 'discount_pct', 'type': 'number', 'min': 0, 'max': 100,
                'min_reason': 'discount_out_of_range', 'max_reason': 'discount_out_of_range'},
            {'name': 'term_months', 'type': 'integer', 'values': vocabulary('term_months')},
            {'name': 'quote_version', 'type': 'integer'}]},
        'poc_tracker': {'system': 'sales_ops', 'entity': 'pocs', 'key': 'poc_id',
            'parents': {'opp_id': 'opportunities', 'customer_id': 'accounts'}, 'required': ['opp_id', 'customer_id'],
            'columns': [
            {'name': 'poc_id', 'type': 'id'},
            {'name': 'opp_id', 'as': 'opportunity_id', 'type': 'id'},
            {'name': 'customer_id', 'as': 'account_id', 'type': 'id'},
            {'name': 'start_date', 'type': 'date', 'not_future': true},
            {'name': 'end_date', 'type': 'date', 'not_before': ['start_date', 'end_before_start']},
            {'name': 'duration_days', 'type': 'integer'},
            {'name': 'success_flag', 'as': 'is_successful', 'type': 'flag'},
            {'name': 'primary_blocker', 'type': 'enum', 'values': vocabulary('poc_blocker')}]},
        'quotas': {'system': 'sales_ops', 'entity': 'quotas', 'key': 'quota_id', 'parents': {}, 'columns': [
            {'name': 'quota_id', 'type': 'id'},
            {'name': 'rep_id', 'type': 'id'},
            {'name': 'region', 'type': 'text'},
            {'name': 'customer_type', 'type': 'enum', 'values': customer_types},
            {'name': 'sales_motion', 'type': 'enum', 'values': motions},
            {'name': 'fiscal_quarter_start', 'type': 'date'},
            {'name': 'quota_amount', 'type': 'money'}]},
        'accounting_data': {'system': 'finance', 'entity': 'accounting_entries', 'key': 'transaction_id',
            'parents': {'customer_id': 'accounts'}, 'required': ['customer_id'], 'columns': [
            {'name': 'transaction_id', 'type': 'id'},
            {'name': 'customer_id', 'as': 'account_id', 'type': 'id'},
            {'name': 'customer_name', 'type': 'company_name'},
            {'name': 'transaction_date', 'type': 'date', 'not_future': true},
            {'name': 'account_type', 'type': 'enum', 'values': vocabulary('accounting_account_type')},
            {'name': 'amount', 'type': 'money'},
            {'name': 'industry', 'type': 'enum', 'values': industries},
            {'name': 'customer_type', 'type': 'enum', 'values': customer_types}]},
        'billing_orders': {'system': 'billing', 'entity': 'orders', 'key': 'order_id',
            'parents': {'account_id': 'accounts', 'opp_id': 'opportunities'}, 'required': ['account_id'], 'columns': [
            {'name': 'order_id', 'type': 'id'},
            {'name': 'account_id', 'type': 'id'},
            {'name': 'opp_id', 'as': 'opportunity_id', 'type': 'id'},
            {'name': 'order_type', 'type': 'enum', 'values': vocabulary('billing_order_type')},
            {'name': 'product_bundle_code', 'type': 'enum', 'values': bundles},
            {'name': 'quantity', 'type': 'integer'},
            {'name': 'start_date', 'type': 'date'},
            {'name': 'end_date', 'type': 'date', 'not_before': ['start_date', 'end_before_start']},
            {'name': 'term_months', 'type': 'integer'},
            {'name': 'billing_frequency', 'type': 'text'},
            {'name': 'arr', 'type': 'money'},
            {'name': 'total_contract_value', 'type': 'money'},
            {'name': 'invoice_date', 'type': 'date'}]},
        'campaigns': {'system': 'marketing', 'entity': 'campaigns', 'key': 'campaign_id', 'parents': {}, 'columns': [
            {'name': 'campaign_id', 'type': 'id'},
            {'name': 'campaign_name', 'type': 'text'},
            {'name': 'channel', 'type': 'text'},
            {'name': 'start_date', 'type': 'date'},
            {'name': 'end_date', 'type': 'date', 'not_before': ['start_date', 'end_before_start']},
            {'name': 'budget', 'type': 'money'}]},
        'marketing_touches': {'incremental': true, 'system': 'marketing', 'entity': 'touches', 'key': 'touch_id', 'parents': {}, 'columns': [
            {'name': 'touch_id', 'type': 'id'},
            {'name': 'campaign_id', 'type': 'id'},
            {'name': 'lead_id', 'type': 'id'},
            {'name': 'contact_id', 'type': 'id'},
            {'name': 'touch_type', 'type': 'enum', 'values': vocabulary('touch_type')},
            {'name': 'touched_at', 'type': 'timestamp', 'not_future': true}]},
        'seat_entitlements': {'system': 'product', 'entity': 'seat_entitlements', 'key': 'entitlement_id',
            'parents': {'account_id': 'accounts'}, 'required': ['account_id'], 'columns': [
            {'name': 'entitlement_id', 'type': 'id'},
            {'name': 'account_id', 'type': 'id'},
            {'name': 'product_family', 'type': 'enum', 'values': families},
            {'name': 'entitled_seats', 'type': 'integer'},
            {'name': 'start_date', 'type': 'date'},
            {'name': 'end_date', 'type': 'date', 'not_before': ['start_date', 'end_before_start']}]},
        'license_events': {'incremental': true, 'system': 'product', 'entity': 'license_events', 'key': 'event_id',
            'parents': {'account_id': 'accounts'}, 'required': ['account_id'], 'columns': [
            {'name': 'event_id', 'type': 'id'},
            {'name': 'account_id', 'type': 'id'},
            {'name': 'product_family', 'type': 'enum', 'values': families},
            {'name': 'seat_id', 'type': 'id'},
            {'name': 'event_type', 'type': 'enum', 'values': vocabulary('license_event_type')},
            {'name': 'event_at', 'type': 'timestamp', 'not_future': true}]},
        'support_tickets': {'system': 'support', 'entity': 'tickets', 'key': 'ticket_id',
            'parents': {'customer_id': 'accounts'}, 'required': ['customer_id'], 'columns': [
            {'name': 'ticket_id', 'type': 'id'},
            {'name': 'customer_id', 'as': 'account_id', 'type': 'id'},
            {'name': 'subject', 'type': 'text'},
            {'name': 'description', 'type': 'text'},
            {'name': 'status', 'type': 'enum', 'values': vocabulary('ticket_status')},
            {'name': 'priority', 'type': 'enum', 'values': vocabulary('ticket_priority')},
            {'name': 'category', 'type': 'text'},
            {'name': 'created_date', 'type': 'date', 'not_future': true},
            {'name': 'updated_date', 'type': 'date', 'not_before': ['created_date', 'end_before_start']},
            {'name': 'assignee_name', 'type': 'text'}]},
    }) }}
{%- endmacro %}
