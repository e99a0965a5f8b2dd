-- Question: which industries and segments bring the most lifetime value and the
-- best gross margin per customer, and does Income reconcile with billing
-- everywhere (customer-months off by more than a cent)?

with

lifetime_values as (

    select * from {{ ref('fct_customer_lifetime_value') }}

),

financials as (

    select * from {{ ref('fct_customer_financials') }}

),

unreconciled as (

    select
        industry,
        customer_type,
        sum(case when is_income_reconciled then 0 else 1 end) as unreconciled_customer_months
    from financials
    group by industry, customer_type

),

by_industry as (

    select
        industry,
        customer_type,
        count(*) as customers,
        sum(customer_lifetime_value) as lifetime_value,
        sum(gross_margin_lifetime_value) as gross_margin_lifetime_value,
        avg(average_monthly_income) as average_monthly_income,
        cast(sum(gross_margin_lifetime_value) as decimal(18, 6))
        / nullif(sum(customer_lifetime_value), 0) as gross_margin_rate
    from lifetime_values
    where months_active > 0
    group by industry, customer_type

)

select
    by_industry.*,
    unreconciled.unreconciled_customer_months
from by_industry
left join unreconciled
    on
        by_industry.industry = unreconciled.industry
        and by_industry.customer_type = unreconciled.customer_type
order by by_industry.gross_margin_lifetime_value desc
