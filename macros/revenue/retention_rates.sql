{#
    The retention rates that rpt_retention and rpt_retention_by_segment both
    report: GRR, NRR and logo retention over the base (accounts with ARR > 0
    twelve months earlier) and the quick ratio of the trailing-twelve-month
    ARR movements. Select them beside the measures they divide
    (`select *, {{ retention_rates() }} from ...`): the relation needs
    base_customers, retained_customers, base_arr, gross_retained_arr,
    net_retained_arr and trailing_12m_<movement>_arr for the movements new,
    expansion, reactivation, contraction and churned.
#}
{% macro retention_rates() -%}
    {{ ratio('gross_retained_arr', 'base_arr') }} as gross_revenue_retention_rate,
        {{ ratio('net_retained_arr', 'base_arr') }} as net_revenue_retention_rate,
        {{ ratio('retained_customers', 'base_customers') }} as logo_retention_rate,
        {{ ratio(
            'trailing_12m_new_arr + trailing_12m_expansion_arr + trailing_12m_reactivation_arr',
            'trailing_12m_contraction_arr + trailing_12m_churned_arr'
        ) }} as quick_ratio
{%- endmacro %}

{#
    The additive retention measures of int_retention_segment_months_measured
    (summed over segments by rpt_retention, zero-filled by both retention
    marts), in that model's column order.
#}
{% macro retention_additive_measures() -%}
    {%- do return([
        'base_arr', 'gross_retained_arr', 'net_retained_arr', 'base_customers', 'retained_customers',
        'trailing_12m_new_arr', 'trailing_12m_expansion_arr', 'trailing_12m_reactivation_arr',
        'trailing_12m_contraction_arr', 'trailing_12m_churned_arr',
    ]) -%}
{%- endmacro %}
