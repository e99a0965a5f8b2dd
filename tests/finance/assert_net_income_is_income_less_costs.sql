-- The books are internally consistent: Net Income = Income - Cost of Goods -
-- Operating Expenses for every customer-month (within a cent of rounding).
with

financials as (

    select * from {{ ref('fct_customer_financials') }}

),

broken as (

    select
        account_id,
        month_start_date,
        reported_net_income,
        net_income
    from financials
    where
        has_accounting_entries
        and (net_income_difference > 0.01 or net_income_difference < -0.01)

)

select * from broken
