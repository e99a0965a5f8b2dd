{#
    ACCOUNTING_DATA as a P&L per customer and month of the accounting window,
    with gross margin and the reconciliation of Income to the subscription
    revenue recognised from billing orders that month
    (int_orders_recognised_monthly). A customer-month present on only one side
    still gets a row (the other side 0), so a gap on either side shows up as a
    difference instead of disappearing.
#}

with

accounting as (

    select * from {{ ref('int_accounting_entries_pivoted') }}

),

recognised as (

    select * from {{ ref('int_orders_recognised_monthly') }}

),

accounts as (

    select * from {{ ref('dim_accounts') }}

),

accounting_window as (

    select
        min(month_start_date) as first_month_start_date,
        max(month_start_date) as last_month_start_date
    from accounting

),

recognised_in_window as (

    select recognised.*
    from recognised
    cross join accounting_window
    where
        recognised.month_start_date >= accounting_window.first_month_start_date
        and recognised.month_start_date <= accounting_window.last_month_start_date

),

joined as (

    select
        coalesce(accounting.account_id, recognised_in_window.account_id) as account_id,
        coalesce(accounting.month_start_date, recognised_in_window.month_start_date) as month_start_date,
        coalesce(accounting.income, 0) as income,
        coalesce(accounting.cost_of_goods, 0) as cost_of_goods,
        coalesce(accounting.operating_expenses, 0) as operating_expenses,
        coalesce(accounting.reported_net_income, 0) as reported_net_income,
        coalesce(recognised_in_window.recognised_revenue, 0) as recognised_revenue,
        coalesce(recognised_in_window.recognising_order_count, 0) as recognising_order_count,
        accounting.account_id is not null as has_accounting_entries
    from accounting
    full outer join recognised_in_window
        on
            accounting.account_id = recognised_in_window.account_id
            and accounting.month_start_date = recognised_in_window.month_start_date

),

enriched as (

    select
        joined.*,
        accounts.customer_type,
        accounts.industry,
        accounts.region,
        joined.income - joined.cost_of_goods as gross_margin,
        joined.income - joined.cost_of_goods - joined.operating_expenses as net_income,
        joined.income - joined.recognised_revenue as income_vs_recognised_difference
    from joined
    left join accounts
        on joined.account_id = accounts.account_id

),

reconciled as (

    select
        *,
        {{ ratio('gross_margin', 'income') }} as gross_margin_rate,
        reported_net_income - net_income as net_income_difference,
        income_vs_recognised_difference <= 0.01 and income_vs_recognised_difference >= -0.01 as is_income_reconciled,
        income > 0 as is_active
    from enriched

),

final as (

    select {{ contract_columns() }}
    from reconciled

)

select * from final
