-- ACCOUNTING_DATA Income equals the subscription revenue recognised from billing
-- within a cent for every customer-month (SPEC section 3), except the customer-months
-- where staging nulled an accounting or billing value it could not parse (listed in
-- audit_field_issues; macro flagged_customer_months): their income is unknown, not wrong.
with

financials as (

    select * from {{ ref('fct_customer_financials') }}

),

flagged_months as (

    {{ flagged_customer_months(include_billing=true) }}

),

broken as (

    select
        financials.account_id,
        financials.month_start_date,
        financials.income,
        financials.recognised_revenue,
        financials.income_vs_recognised_difference
    from financials
    left join flagged_months
        on
            financials.account_id = flagged_months.account_id
            and (
                flagged_months.month_start_date is null
                or financials.month_start_date = flagged_months.month_start_date
            )
    where
        flagged_months.account_id is null
        and (
            financials.income_vs_recognised_difference > 0.01
            or financials.income_vs_recognised_difference < -0.01
        )

)

select * from broken
