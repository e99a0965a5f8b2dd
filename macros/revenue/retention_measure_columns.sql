{#
    The retention measures that rpt_retention and rpt_retention_by_segment
    both report, in contract order and types: the base (accounts with ARR > 0
    twelve months earlier) and what it retained, GRR, NRR and logo retention,
    the trailing-twelve-month ARR movements and the quick ratio. The relation
    it projects from needs base_customers, retained_customers, base_arr,
    gross_retained_arr, net_retained_arr and trailing_12m_<movement>_arr for
    the movements new, expansion, reactivation, contraction and churned.
#}
{% macro retention_measure_columns() -%}
    {%- set movements = ['new', 'expansion', 'reactivation', 'contraction', 'churned'] -%}
    cast(base_customers as integer) as base_customers,
        cast(retained_customers as integer) as retained_customers,
        cast(base_arr as decimal(18, 2)) as base_arr,
        cast(gross_retained_arr as decimal(18, 2)) as gross_retained_arr,
        cast(net_retained_arr as decimal(18, 2)) as net_retained_arr,
        {{ ratio('gross_retained_arr', 'base_arr') }} as gross_revenue_retention_rate,
        {{ ratio('net_retained_arr', 'base_arr') }} as net_revenue_retention_rate,
        {{ ratio('retained_customers', 'base_customers') }} as logo_retention_rate,
        {%- for movement in movements %}
        cast(trailing_12m_{{ movement }}_arr as decimal(18, 2)) as trailing_12m_{{ movement }}_arr,
        {%- endfor %}
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
