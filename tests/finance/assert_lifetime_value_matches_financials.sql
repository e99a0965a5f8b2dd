-- The lifetime value of all customers adds up to the total Income of
-- ACCOUNTING_DATA (no customer and no income lost between the two marts).
with

lifetime as (

    select sum(customer_lifetime_value) as total_lifetime_value
    from {{ ref('fct_customer_lifetime_value') }}

),

financials as (

    select sum(income) as total_income
    from {{ ref('fct_customer_financials') }}
    where income > 0

),

broken as (

    select
        lifetime.total_lifetime_value,
        financials.total_income
    from lifetime
    cross join financials
    where lifetime.total_lifetime_value <> financials.total_income

)

select * from broken
