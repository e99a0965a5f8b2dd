{#
    ACCOUNTING_DATA pivoted to one row per customer and month: the four
    ACCOUNT_TYPE rows (Income, Cost of Goods, Operating Expenses, Net Income)
    become columns. Net Income is kept as reported; the P&L mart recomputes it.
    An entry whose TRANSACTION_DATE staging could not parse belongs to no month
    and is left out (audit_field_issues lists it).
#}

with

entries as (

    select * from {{ ref('stg_finance__accounting_entries') }}

),

pivoted as (

    select
        account_id,
        cast({{ dbt.date_trunc('month', 'transaction_date') }} as date) as month_start_date,
        max(industry) as industry,
        max(customer_type) as customer_type,
        sum(case when account_type = 'Income' then amount else 0 end) as income,
        sum(case when account_type = 'Cost of Goods' then amount else 0 end) as cost_of_goods,
        sum(case when account_type = 'Operating Expenses' then amount else 0 end) as operating_expenses,
        sum(case when account_type = 'Net Income' then amount else 0 end) as reported_net_income,
        count(*) as entry_count
    from entries
    where transaction_date is not null
    group by account_id, cast({{ dbt.date_trunc('month', 'transaction_date') }} as date)

)

select * from pivoted
