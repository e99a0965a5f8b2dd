-- Independent reconciliation of the bridge with the billing orders: the ending
-- ARR of every month equals the sum of arr of the orders active on its
-- snapshot day (end_date exclusive, open-ended orders included), and the ending
-- customer count equals the number of accounts with positive ARR that day.
with

bridge as (

    select * from {{ ref('rpt_arr_bridge') }}

),

months as (

    select * from {{ ref('int_arr_months_spined') }}

),

orders as (

    select * from {{ ref('stg_billing__orders') }}

),

account_arr as (

    select
        months.month_start_date,
        orders.account_id,
        sum(orders.arr) as arr
    from months
    inner join orders
        on
            months.snapshot_date >= orders.start_date
            and (months.snapshot_date < orders.end_date or orders.end_date is null)
    group by months.month_start_date, orders.account_id

),

expected as (

    select
        month_start_date,
        sum(arr) as ending_arr,
        sum(case when arr > 0 then 1 else 0 end) as ending_customers
    from account_arr
    group by month_start_date

),

broken as (

    select
        bridge.month_start_date,
        bridge.ending_arr,
        expected.ending_arr as expected_ending_arr,
        bridge.ending_customers,
        expected.ending_customers as expected_ending_customers
    from bridge
    left join expected
        on bridge.month_start_date = expected.month_start_date
    where
        bridge.ending_arr <> coalesce(expected.ending_arr, 0)
        or bridge.ending_customers <> coalesce(expected.ending_customers, 0)

)

select * from broken
