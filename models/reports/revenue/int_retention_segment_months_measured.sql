{#
    The trailing-twelve-month retention measures of SPEC section 5 per month
    and segment (the account's current customer_type and region, null as
    'Unknown'): the one place rpt_retention and rpt_retention_by_segment take
    them from. Every account lies in exactly one segment, so summing these
    additive measures over the segments gives the company figures exactly.
      base_*: accounts with ARR > 0 at the month-end twelve months earlier,
              and what they hold at this month-end (null without a base)
      trailing_12m_*: ARR movements summed over months t-11..t
      ending_*: ARR and paying accounts at this month-end
    A (month, segment) pair has a row when the segment has an ARR movement
    row in the trailing twelve months (which every base account has).
#}
{{ config(
    schema='intermediate', materialized='view', access='protected',
    contract={'enforced': false},
    grants=({'select': []} if target.type == 'postgres' else {})
) }}

{%- set segment_columns = ['customer_type', 'region'] -%}

with

months as (

    select * from {{ ref('int_arr_months_spined') }}

),

movements as (

    select
        {%- for column in segment_columns %}
            coalesce({{ column }}, 'Unknown') as {{ column }},
        {%- endfor %}
        account_id,
        month_number,
        month_start_date,
        arr,
        is_paying,
        new_arr,
        expansion_arr,
        reactivation_arr,
        contraction_arr,
        churned_arr
    from {{ ref('fct_arr_movements') }}

),

base_accounts as (

    select
        current_month.month_start_date,
        {%- for column in segment_columns %}
            current_month.{{ column }},
        {%- endfor %}
        prior_month.arr as base_arr,
        current_month.arr as current_arr,
        case when current_month.arr < prior_month.arr then current_month.arr else prior_month.arr end
            as retained_arr
    from movements as current_month
    inner join movements as prior_month
        on
            current_month.account_id = prior_month.account_id
            and current_month.month_number - 12 = prior_month.month_number
    where prior_month.arr > 0

),

base_by_month as (

    select
        month_start_date,
        {%- for column in segment_columns %}
            {{ column }},
        {%- endfor %}
        sum(base_arr) as base_arr,
        sum(retained_arr) as gross_retained_arr,
        sum(current_arr) as net_retained_arr,
        count(*) as base_customers,
        sum(case when current_arr > 0 then 1 else 0 end) as retained_customers
    from base_accounts
    group by
        {%- for column in segment_columns %}
            {{ column }},
        {%- endfor %}
        month_start_date

),

trailing_movements as (

    select
        months.month_start_date,
        {%- for column in segment_columns %}
            movements.{{ column }},
        {%- endfor %}
        sum(movements.new_arr) as trailing_12m_new_arr,
        sum(movements.expansion_arr) as trailing_12m_expansion_arr,
        sum(movements.reactivation_arr) as trailing_12m_reactivation_arr,
        sum(movements.contraction_arr) as trailing_12m_contraction_arr,
        sum(movements.churned_arr) as trailing_12m_churned_arr,
        sum(case when movements.month_number = months.month_number then movements.arr end) as ending_arr,
        sum(case when movements.month_number = months.month_number and movements.is_paying then 1 end)
            as ending_customers
    from months
    inner join movements
        on
            months.month_number >= movements.month_number
            and months.month_number - 12 < movements.month_number
    group by
        {%- for column in segment_columns %}
            movements.{{ column }},
        {%- endfor %}
        months.month_start_date

),

final as (

    select
        trailing_movements.*,
        base_by_month.base_arr,
        base_by_month.gross_retained_arr,
        base_by_month.net_retained_arr,
        base_by_month.base_customers,
        base_by_month.retained_customers
    from trailing_movements
    left join base_by_month
        on
            trailing_movements.month_start_date = base_by_month.month_start_date
            {%- for column in segment_columns %}
                and trailing_movements.{{ column }} = base_by_month.{{ column }}
            {%- endfor %}

)

select * from final
