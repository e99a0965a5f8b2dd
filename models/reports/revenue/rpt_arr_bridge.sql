{#
    The monthly ARR bridge (waterfall) of the whole company, every month of
    the billing history up to as_of_date:
    starting + new + expansion + reactivation - contraction - churned = ending,
    in ARR and in customer counts (a paying customer has ARR > 0 at month end).
    starting_* of a month equals ending_* of the previous month.
#}
{%- set measures = [
    'starting_arr', 'new_arr', 'expansion_arr', 'reactivation_arr', 'contraction_arr', 'churned_arr', 'ending_arr',
    'starting_customers', 'new_customers', 'expansion_customers', 'reactivated_customers', 'contraction_customers',
    'churned_customers', 'ending_customers',
] -%}

with

months as (

    select * from {{ ref('int_arr_months_spined') }}

),

movements as (

    select * from {{ ref('fct_arr_movements') }}

),

monthly as (

    select
        month_start_date,
        sum(previous_arr) as starting_arr,
        sum(new_arr) as new_arr,
        sum(expansion_arr) as expansion_arr,
        sum(reactivation_arr) as reactivation_arr,
        sum(contraction_arr) as contraction_arr,
        sum(churned_arr) as churned_arr,
        sum(arr) as ending_arr,
        sum(case when was_paying then 1 else 0 end) as starting_customers,
        sum(case when movement_type = 'new' then 1 else 0 end) as new_customers,
        sum(case when movement_type = 'expansion' then 1 else 0 end) as expansion_customers,
        sum(case when movement_type = 'reactivation' then 1 else 0 end) as reactivated_customers,
        sum(case when movement_type = 'contraction' then 1 else 0 end) as contraction_customers,
        sum(case when movement_type = 'churn' then 1 else 0 end) as churned_customers,
        sum(case when is_paying then 1 else 0 end) as ending_customers
    from movements
    group by month_start_date

),

zero_filled as (

    select
        months.month_start_date,
        months.month_end_date,
        {%- for measure in measures %}
            coalesce(monthly.{{ measure }}, 0) as {{ measure }},
        {%- endfor %}
        months.month_start_date >= {{ window_start_date() }} as is_in_reporting_window
    from months
    left join monthly
        on months.month_start_date = monthly.month_start_date

),

netted as (

    select
        *,
        new_arr + expansion_arr + reactivation_arr - contraction_arr - churned_arr as net_new_arr
    from zero_filled

),

final as (

    select {{ contract_columns() }}
    from netted

)

select * from final
