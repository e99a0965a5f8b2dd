{#
    The enumerations the warehouse publishes, written once: the staging registry
    repairs raw values to these spellings and accepted_values tests read them
    (`values: "{{ vocabulary('opportunity_status') }}"`), so a new value is added
    here and nowhere else. The lists a seed also holds (bundles, families, stages,
    lead sources, regions, health bands) must equal the seed's values:
    tests/core/assert_vocabularies_match_seeds.sql fails the build when they drift.
#}
{% macro vocabulary(name) -%}
    {%- set vocabularies = {
        'industry': ['Healthcare', 'Education', 'Manufacturing', 'Technology', 'Financial Services', 'Other'],
        'customer_type': ['Enterprise', 'Mid-Market'],
        'product_bundle': ['HEALTH_PREMIUM', 'EDU_STANDARD', 'CORE_BASIC'],
        'product_family': ['Platform', 'Analytics', 'Mobile'],
        'lead_source': [
            'Cold Outreach', 'Direct Mail', 'Content Download', 'Webinar', 'Search Engine', 'Referral',
            'Demo Request', 'Trade Show', 'Social Media', 'Web Form'],
        'opportunity_lead_source': ['Direct', 'Phone Inquiry', 'Web', 'Search Engine', 'Referral'],
        'opportunity_status': ['Open', 'Won', 'Lost'],
        'opportunity_type': ['New Business', 'Expansion', 'Renewal'],
        'opportunity_stage': ['Prospecting', 'Discovery', 'Proposal', 'Negotiation', 'Closed Won', 'Closed Lost'],
        'open_opportunity_stage': ['Prospecting', 'Discovery', 'Proposal', 'Negotiation'],
        'forecast_category': ['Pipeline', 'Best Case', 'Commit', 'Closed', 'Omitted'],
        'stage_exit_type': ['advanced', 'won', 'lost', 'regressed', 'repeated', 'open'],
        'term_months': [12, 24, 36],
        'customer_size_band': ['1-99', '100-499', '500-999', '1000-4999', '5000+', 'Unknown'],
        'territory_region': ['East', 'South', 'Central', 'West'],
        'rep_role': ['BDR', 'AE', 'SE', 'CSM', 'Manager'],
        'health_band': ['Red', 'Yellow', 'Green'],
        'snapshot_grain': ['boq', 'weekly'],
        'forecast_method': ['stage_weighted', 'calibrated'],
        'account_status': ['prospect', 'customer', 'churned'],
        'lead_disposition': ['Qualified', 'Unqualified', 'Nurture', 'Bad Data', 'Duplicate', 'Recycled'],
        'lead_status': ['Unassigned', 'New', 'In Progress', 'Converted', 'Closed'],
        'activity_type': ['Email', 'Call', 'Meeting', 'Demo'],
        'poc_blocker': [
            'User_Adoption', 'Resource_Constraints', 'Missing_Integration', 'Timeline_Issues',
            'Security_Concerns', 'Performance_Issues', 'Budget_Constraints', 'Technical_Complexity'],
        'accounting_account_type': ['Income', 'Cost of Goods', 'Operating Expenses', 'Net Income'],
        'billing_order_type': ['New', 'Expansion', 'Renewal', 'Contraction'],
        'touch_type': ['Webinar Attendance', 'Form Submission', 'Paid Click', 'Email Click', 'Event Visit'],
        'license_event_type': [
            'assigned', 'activated', 'deactivated', 'quality_activation', 'medium_activation', 'reduced_activation'],
        'ticket_status': ['Open', 'In Progress', 'Closed', 'Resolved'],
        'ticket_priority': ['Low', 'Medium', 'High'],
    } -%}
    {%- if name not in vocabularies -%}
        {{ exceptions.raise_compiler_error("unknown vocabulary '" ~ name ~ "'; known: " ~ (vocabularies.keys() | sort | join(', '))) }}
    {%- endif -%}
    {{ return(vocabularies[name]) }}
{%- endmacro %}
