-- The books are internally consistent: Net Income = Income - Cost of Goods -
-- Operating Expenses for every customer-month (within a cent of rounding), except the
-- customer-months where staging nulled an accounting value it could not parse (listed
-- in audit_field_issues; macro flagged_customer_months).
with

financials as (

    select * from {{ ref('fct_customer_financials') }}

),

flagged_months as (

    {{ flagged_customer_months(include_billing=false) }}

),

broken as (

    select
        financials.account_id,
        financials.month_start_date,
        financials.reported_net_income,
        financials.net_income
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
        and financials.has_accounting_entries
        and (financials.net_income_difference > 0.01 or financials.net_income_difference < -0.01)

)

select * from broken
