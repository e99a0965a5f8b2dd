-- The parent roll-up keeps every account-month: per month its accounts, ARR and
-- ARR at risk add up to the account-level health mart.
with

health as (

    select * from {{ ref('rpt_customer_health') }}

),

by_parent as (

    select * from {{ ref('rpt_customer_health_by_parent') }}

),

account_totals as (

    select
        month_start_date,
        count(*) as account_count,
        sum(arr) as arr,
        sum(arr_at_risk) as arr_at_risk
    from health
    group by month_start_date

),

parent_totals as (

    select
        month_start_date,
        sum(child_accounts) as account_count,
        sum(arr) as arr,
        sum(arr_at_risk) as arr_at_risk
    from by_parent
    group by month_start_date

)

select
    account_totals.month_start_date,
    account_totals.account_count,
    parent_totals.account_count as parent_account_count
from account_totals
left join parent_totals
    on account_totals.month_start_date = parent_totals.month_start_date
where
    parent_totals.month_start_date is null
    or account_totals.account_count <> parent_totals.account_count
    or account_totals.arr <> parent_totals.arr
    or account_totals.arr_at_risk <> parent_totals.arr_at_risk
