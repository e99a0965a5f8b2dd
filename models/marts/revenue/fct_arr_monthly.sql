{#
    ARR per account and calendar month, measured on the month's last day
    (as_of_date for the current month) from the billing orders active that day:
    start_date <= snapshot_date and (end_date > snapshot_date or end_date is null).
    end_date is exclusive, and open-ended orders (null end_date) count - the bug
    the mrr-playbook shipped by taking max(end_date). Each account has a row for
    every month from the month of its first order (full billing history, before
    the reporting window) to the as_of month, zero after churn.
#}

with

orders as (

    select * from {{ ref('stg_billing__orders') }}

),

months as (

    select * from {{ ref('int_arr_months_spined') }}

),

accounts as (

    select * from {{ ref('dim_accounts') }}

),

account_first_orders as (

    select
        account_id,
        cast({{ dbt.date_trunc('month', 'min(start_date)') }} as date) as first_order_month_start_date
    from orders
    where start_date <= {{ as_of_date() }}
    group by account_id

),

account_months as (

    select
        account_first_orders.account_id,
        account_first_orders.first_order_month_start_date,
        months.month_start_date,
        months.month_end_date,
        months.snapshot_date,
        months.month_number
    from account_first_orders
    inner join months
        on account_first_orders.first_order_month_start_date <= months.month_start_date

),

active_orders as (

    select
        account_months.account_id,
        account_months.month_start_date,
        cast(orders.arr as decimal(18, 2)) as arr
    from account_months
    inner join orders
        on
            account_months.account_id = orders.account_id
            and account_months.snapshot_date >= orders.start_date
            and (account_months.snapshot_date < orders.end_date or orders.end_date is null)

),

arr_by_account_month as (

    select
        account_id,
        month_start_date,
        sum(arr) as arr,
        count(*) as active_order_count
    from active_orders
    group by account_id, month_start_date

),

joined as (

    select
        account_months.account_id,
        account_months.month_start_date,
        account_months.month_end_date,
        account_months.snapshot_date,
        account_months.month_number,
        account_months.first_order_month_start_date,
        coalesce(arr_by_account_month.arr, 0) as arr,
        coalesce(arr_by_account_month.active_order_count, 0) as active_order_count,
        accounts.customer_type,
        accounts.region,
        accounts.owner_rep_id,
        accounts.customer_size_band
    from account_months
    left join arr_by_account_month
        on
            account_months.account_id = arr_by_account_month.account_id
            and account_months.month_start_date = arr_by_account_month.month_start_date
    left join accounts
        on account_months.account_id = accounts.account_id

),

with_first_paid as (

    select
        *,
        min(case when arr > 0 then month_start_date end) over (partition by account_id) as first_paid_month_start_date,
        min(case when arr > 0 then month_number end) over (partition by account_id) as first_paid_month_number
    from joined

),

with_tenure as (

    select
        *,
        arr > 0 as is_paying,
        case
            when first_paid_month_number is not null and month_number >= first_paid_month_number
                then month_number - first_paid_month_number
        end as months_since_first_paid
    from with_first_paid

),

final as (

    select {{ contract_columns() }}
    from with_tenure

)

select * from final
