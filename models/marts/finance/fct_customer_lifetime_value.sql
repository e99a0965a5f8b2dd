{#
    Customer lifetime value per account (SPEC section 5): the sum of Income in
    ACCOUNTING_DATA over the customer's active period (months with Income > 0,
    from the first to the last such month of the accounting window), with the
    months active, average monthly income and the gross-margin-based LTV
    (income - cost of goods over the same months). Accounts with accounting
    rows but no income get a row with zeros and a null active period.
#}

with

financials as (

    select * from {{ ref('fct_customer_financials') }}

),

per_account as (

    select
        account_id,
        max(customer_type) as customer_type,
        max(industry) as industry,
        max(region) as region,
        min(case when income > 0 then month_start_date end) as first_active_month_start_date,
        max(case when income > 0 then month_start_date end) as last_active_month_start_date,
        max(month_start_date) as last_accounting_month_start_date,
        sum(case when income > 0 then 1 else 0 end) as months_active,
        sum(case when income > 0 then income else 0 end) as lifetime_income,
        sum(case when income > 0 then cost_of_goods else 0 end) as lifetime_cost_of_goods,
        sum(case when income > 0 then gross_margin else 0 end) as lifetime_gross_margin,
        sum(case when income > 0 then net_income else 0 end) as lifetime_net_income
    from financials
    group by account_id

),

valued as (

    select
        *,
        last_active_month_start_date is not null
        and last_active_month_start_date = last_accounting_month_start_date as is_active_at_window_end,
        lifetime_income as customer_lifetime_value,
        lifetime_gross_margin as gross_margin_lifetime_value,
        {#- averages rounded half up to the cent in exact integer arithmetic (same cent on every engine) -#}
        floor(
            (cast(lifetime_income * 100 as decimal(38, 6)) * 2 + months_active)
            / cast(2 * nullif(months_active, 0) as decimal(38, 6))
        ) / 100 as average_monthly_income,
        floor(
            (cast(lifetime_gross_margin * 100 as decimal(38, 6)) * 2 + months_active)
            / cast(2 * nullif(months_active, 0) as decimal(38, 6))
        ) / 100 as average_monthly_gross_margin,
        {{ ratio('lifetime_gross_margin', 'lifetime_income') }} as gross_margin_rate
    from per_account

),

final as (

    select {{ contract_columns() }}
    from valued

)

select * from final
