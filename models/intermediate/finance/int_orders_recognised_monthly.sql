{#
    Subscription revenue recognised from billing per account and calendar
    month: each order recognises arr / 12 per month, prorated by the days it is
    active in the month over the days in the month. Active days are
    [max(start_date, month start), min(end_date, next month start)) - end_date
    is exclusive, and an open-ended order (null end_date) runs to the month end.
    This mirrors how the generator derives ACCOUNTING_DATA Income from billing;
    the month's total is rounded half up to the cent.
#}

with

orders as (

    select * from {{ ref('stg_billing__orders') }}

),

months as (

    select * from {{ ref('int_arr_months_spined') }}

),

month_bounds as (

    select
        month_start_date,
        cast({{ dbt.dateadd('month', 1, 'month_start_date') }} as date) as next_month_start_date
    from months

),

order_months as (

    select
        orders.order_id,
        orders.account_id,
        month_bounds.month_start_date,
        orders.arr,
        case
            when orders.start_date > month_bounds.month_start_date then orders.start_date
            else month_bounds.month_start_date
        end as active_from_date,
        case
            when orders.end_date is null or orders.end_date > month_bounds.next_month_start_date
                then month_bounds.next_month_start_date
            else orders.end_date
        end as active_until_date,
        {{ dbt.datediff('month_bounds.month_start_date', 'month_bounds.next_month_start_date', 'day') }}
            as days_in_month
    from orders
    inner join month_bounds
        on
            orders.start_date < month_bounds.next_month_start_date
            and (orders.end_date is null or orders.end_date > month_bounds.month_start_date)

),

prorated as (

    select
        order_id,
        account_id,
        month_start_date,
        arr,
        days_in_month,
        {{ dbt.datediff('active_from_date', 'active_until_date', 'day') }} as active_days  -- noqa: LT05
    from order_months

),

recognised as (

    select
        account_id,
        month_start_date,
        count(*) as recognising_order_count,
        max(days_in_month) as days_in_month,
        sum(arr * active_days) as arr_active_days
    from prorated
    where active_days > 0
    group by account_id, month_start_date

),

rounded as (

    {#- arr_active_days / (12 * days_in_month) rounded half up to the cent with exact
        integer arithmetic (cents numerator and denominator are whole numbers), so
        every engine returns the same cent whatever its decimal division does. -#}
    select
        account_id,
        month_start_date,
        recognising_order_count,
        cast(
            cast(
                floor(
                    (cast(arr_active_days * 100 as decimal(38, 6)) * 2 + 12 * days_in_month)
                    / cast(24 * days_in_month as decimal(38, 6))
                ) as decimal(18, 0)
            ) / 100 as decimal(18, 2)
        ) as recognised_revenue
    from recognised

)

select * from rounded
