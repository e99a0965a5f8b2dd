-- The books are internally consistent: Net Income = Income - Cost of Goods -
-- Operating Expenses for every customer-month (within a cent of rounding), except the
-- customer-months where staging nulled an accounting amount it could not parse (listed
-- in audit_field_issues).
with

financials as (

    select * from {{ ref('fct_customer_financials') }}

),

entries as (

    select * from {{ ref('stg_finance__accounting_entries') }}

),

flagged_months as (

    select distinct
        account_id,
        transaction_date as month_start_date
    from entries
    where has_field_issues

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
            and financials.month_start_date = flagged_months.month_start_date
    where
        flagged_months.account_id is null
        and financials.has_accounting_entries
        and (financials.net_income_difference > 0.01 or financials.net_income_difference < -0.01)

)

select * from broken
