-- Each month starts where the previous month ended (ARR and customers), and the
-- first month of the billing history starts from zero.
with

bridge as (

    select * from {{ ref('rpt_arr_bridge') }}

),

with_previous as (

    select
        month_start_date,
        starting_arr,
        starting_customers,
        lag(ending_arr) over (order by month_start_date) as previous_ending_arr,
        lag(ending_customers) over (order by month_start_date) as previous_ending_customers
    from bridge

),

broken as (

    select *
    from with_previous
    where
        starting_arr <> coalesce(previous_ending_arr, 0)
        or starting_customers <> coalesce(previous_ending_customers, 0)

)

select * from broken
