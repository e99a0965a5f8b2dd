-- ACCOUNTING_DATA Income equals the subscription revenue recognised from billing
-- within a cent for every customer-month (SPEC section 3).
with

financials as (

    select * from {{ ref('fct_customer_financials') }}

),

broken as (

    select
        account_id,
        month_start_date,
        income,
        recognised_revenue,
        income_vs_recognised_difference
    from financials
    where
        income_vs_recognised_difference > 0.01
        or income_vs_recognised_difference < -0.01

)

select * from broken
