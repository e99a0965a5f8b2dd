-- Every paying account-month of fct_arr_monthly in the window has exactly one
-- health row, with the same ARR: the health mart neither drops nor invents ARR.
with

health as (

    select * from {{ ref('rpt_customer_health') }}

),

arr_monthly as (

    select * from {{ ref('fct_arr_monthly') }}

),

paying as (

    select
        account_id,
        month_start_date,
        arr
    from arr_monthly
    where
        arr > 0
        and month_start_date >= {{ window_start_date() }}

),

compared as (

    select
        coalesce(paying.account_id, health.account_id) as account_id,
        coalesce(paying.month_start_date, health.month_start_date) as month_start_date,
        paying.arr as arr_monthly_arr,
        health.arr as health_arr
    from paying
    full outer join health
        on
            paying.account_id = health.account_id
            and paying.month_start_date = health.month_start_date

)

select * from compared
where arr_monthly_arr is null or health_arr is null or arr_monthly_arr <> health_arr
