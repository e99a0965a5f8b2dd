{#
    Cohort grid: accounts grouped by the month of their first ARR > 0 (from the
    full billing history), one row per cohort x months since the first paid
    month (0 = the cohort month) up to as_of_date. ARR and logos of the cohort
    at each month-end, NRR and GRR against the cohort's ARR at the end of its
    first paid month, and logo retention against the cohort size.
    Reactivated accounts count again when they pay again.
#}

with

arr_monthly as (

    select * from {{ ref('fct_arr_monthly') }}

),

cohort_accounts as (

    select
        arr_monthly.account_id,
        arr_monthly.first_paid_month_start_date as cohort_month_start_date,
        arr_monthly.arr as starting_arr
    from arr_monthly
    where arr_monthly.month_start_date = arr_monthly.first_paid_month_start_date

),

cohort_account_months as (

    select
        cohort_accounts.cohort_month_start_date,
        arr_monthly.months_since_first_paid,
        arr_monthly.month_start_date,
        arr_monthly.arr,
        cohort_accounts.starting_arr,
        case
            when arr_monthly.arr < cohort_accounts.starting_arr then arr_monthly.arr
            else cohort_accounts.starting_arr
        end as retained_arr,
        arr_monthly.is_paying
    from arr_monthly
    inner join cohort_accounts
        on arr_monthly.account_id = cohort_accounts.account_id
    where arr_monthly.months_since_first_paid is not null

),

grid as (

    select
        cohort_month_start_date,
        months_since_first_paid,
        min(month_start_date) as month_start_date,
        count(*) as cohort_customers,
        sum(case when is_paying then 1 else 0 end) as active_customers,
        sum(starting_arr) as cohort_starting_arr,
        sum(arr) as arr,
        sum(retained_arr) as gross_retained_arr
    from cohort_account_months
    group by cohort_month_start_date, months_since_first_paid

),

rated as (

    select
        *,
        {{ ratio('active_customers', 'cohort_customers') }} as logo_retention_rate,
        {{ ratio('arr', 'cohort_starting_arr') }} as net_revenue_retention_rate,
        {{ ratio('gross_retained_arr', 'cohort_starting_arr') }} as gross_revenue_retention_rate
    from grid

),

final as (

    select {{ contract_columns() }}
    from rated

)

select * from final
