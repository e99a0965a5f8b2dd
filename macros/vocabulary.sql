{#
    The enumerations the marts publish, written once: accepted_values tests read
    them (`values: "{{ vocabulary('opportunity_status') }}"`), so a new value is
    added here and nowhere else. Product bundles are not listed: their one home is
    the products seed, which tests reach through relationships to dim_products.
#}
{% macro vocabulary(name) -%}
    {%- set vocabularies = {
        'customer_type': ['Enterprise', 'Mid-Market'],
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
    } -%}
    {%- if name not in vocabularies -%}
        {{ exceptions.raise_compiler_error("unknown vocabulary '" ~ name ~ "'; known: " ~ (vocabularies.keys() | sort | join(', '))) }}
    {%- endif -%}
    {{ return(vocabularies[name]) }}
{%- endmacro %}
