{#
    Does the health score predict churn? Scored account-months of
    rpt_customer_health whose following var('health_backtest_horizon_months')
    months are all observed (month + horizon <= month of as_of_date) are labelled
    churned when the account's ARR is 0 at the end of any of those months
    (fct_arr_monthly). One row per band plus 'All': account-months, accounts,
    churned account-months and accounts, churn rate, mean score, and the AUC of
    the score = P(a churner scored lower than a non-churner), ties counted 1/2.
    AUC is the Mann-Whitney statistic from average ranks (rank() plus half the
    tie count), set-based and identical on every engine because the scores are
    exact decimals; null when a group has no churner or no non-churner.
#}
{%- set horizon = var('health_backtest_horizon_months') | int -%}

with

health as (

    select * from {{ ref('rpt_customer_health') }}

),

arr_monthly as (

    select * from {{ ref('fct_arr_monthly') }}

),

last_month as (

    select max(month_number) as last_month_number
    from arr_monthly

),

health_numbered as (

    select
        health.account_id,
        health.month_start_date,
        health.health_score,
        health.health_band,
        health.band_order,
        arr_monthly.month_number
    from health
    inner join arr_monthly
        on
            health.account_id = arr_monthly.account_id
            and health.month_start_date = arr_monthly.month_start_date
    cross join last_month
    where
        health.health_score is not null
        and arr_monthly.month_number + {{ horizon }} <= last_month.last_month_number

),

future_arr as (

    select
        health_numbered.account_id,
        health_numbered.month_start_date,
        min(future_months.arr) as min_future_arr
    from health_numbered
    inner join arr_monthly as future_months
        on
            health_numbered.account_id = future_months.account_id
            and health_numbered.month_number < future_months.month_number
            and health_numbered.month_number + {{ horizon }} >= future_months.month_number
    group by health_numbered.account_id, health_numbered.month_start_date

),

labelled as (

    select
        health_numbered.*,
        case when future_arr.min_future_arr = 0 then 1 else 0 end as is_churned
    from health_numbered
    left join future_arr
        on
            health_numbered.account_id = future_arr.account_id
            and health_numbered.month_start_date = future_arr.month_start_date

),

grouped as (

    select
        health_band as group_name,
        band_order,
        account_id,
        month_start_date,
        health_score,
        is_churned
    from labelled
    union all
    select
        'All' as group_name,
        0 as band_order,
        account_id,
        month_start_date,
        health_score,
        is_churned
    from labelled

),

ranked as (

    select
        *,
        rank() over (partition by group_name order by health_score)
        + cast(count(*) over (partition by group_name, health_score) - 1 as decimal(18, 6)) / 2
            as average_rank
    from grouped

),

summarised as (

    select
        group_name as health_band,
        band_order,
        count(*) as account_months,
        count(distinct account_id) as account_count,
        sum(is_churned) as churned_account_months,
        count(distinct case when is_churned = 1 then account_id end) as churned_accounts,
        sum(case when is_churned = 0 then 1 else 0 end) as retained_account_months,
        sum(case when is_churned = 0 then average_rank else 0 end) as retained_rank_sum,
        round(avg(health_score), 6) as mean_health_score,
        min(month_start_date) as first_month_start_date,
        max(month_start_date) as last_month_start_date
    from ranked
    group by group_name, band_order

),

rated as (

    select
        *,
        {{ ratio('churned_account_months', 'account_months') }} as churn_rate,
        {{ ratio(
            'retained_rank_sum - cast(retained_account_months as decimal(18, 6)) * (retained_account_months + 1) / 2',
            'cast(retained_account_months as decimal(18, 6)) * churned_account_months'
        ) }} as auc,
        {{ horizon }} as horizon_months
    from summarised

),

final as (

    select {{ contract_columns() }}
    from rated

)

select * from final
