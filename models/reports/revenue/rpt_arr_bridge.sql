{#
    The monthly ARR bridge (waterfall) of the whole company, every month of
    the billing history up to as_of_date:
    starting + new + expansion + reactivation - contraction - churned = ending,
    in ARR and in customer counts (a paying customer has ARR > 0 at month end).
    starting_* of a month equals ending_* of the previous month.
#}

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

final as (

    select
        cast(months.month_start_date as date) as month_start_date,
        cast(months.month_end_date as date) as month_end_date,
        cast(coalesce(monthly.starting_arr, 0) as decimal(18, 2)) as starting_arr,
        cast(coalesce(monthly.new_arr, 0) as decimal(18, 2)) as new_arr,
        cast(coalesce(monthly.expansion_arr, 0) as decimal(18, 2)) as expansion_arr,
        cast(coalesce(monthly.reactivation_arr, 0) as decimal(18, 2)) as reactivation_arr,
        cast(coalesce(monthly.contraction_arr, 0) as decimal(18, 2)) as contraction_arr,
        cast(coalesce(monthly.churned_arr, 0) as decimal(18, 2)) as churned_arr,
        cast(coalesce(monthly.ending_arr, 0) as decimal(18, 2)) as ending_arr,
        cast(
            coalesce(monthly.new_arr, 0) + coalesce(monthly.expansion_arr, 0) + coalesce(monthly.reactivation_arr, 0)
            - coalesce(monthly.contraction_arr, 0) - coalesce(monthly.churned_arr, 0) as decimal(18, 2)
        ) as net_new_arr,
        cast(coalesce(monthly.starting_customers, 0) as integer) as starting_customers,
        cast(coalesce(monthly.new_customers, 0) as integer) as new_customers,
        cast(coalesce(monthly.expansion_customers, 0) as integer) as expansion_customers,
        cast(coalesce(monthly.reactivated_customers, 0) as integer) as reactivated_customers,
        cast(coalesce(monthly.contraction_customers, 0) as integer) as contraction_customers,
        cast(coalesce(monthly.churned_customers, 0) as integer) as churned_customers,
        cast(coalesce(monthly.ending_customers, 0) as integer) as ending_customers,
        cast(
            months.month_start_date >= cast('{{ var("window_start_date") }}' as date) as boolean
        ) as is_in_reporting_window
    from months
    left join monthly
        on months.month_start_date = monthly.month_start_date

)

select * from final
