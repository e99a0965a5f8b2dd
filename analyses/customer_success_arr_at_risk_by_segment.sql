-- Question: at as_of_date, how much ARR is at risk per segment, which health
-- component drags the Red and Yellow accounts down most, and how did ARR at risk
-- move against the previous month?
with

health as (

    select * from {{ ref('rpt_customer_health') }}

),

months_ranked as (

    select
        month_start_date,
        row_number() over (order by month_start_date desc) as months_back
    from (select distinct month_start_date from health) as months

),

latest as (

    select health.*
    from health
    inner join months_ranked
        on health.month_start_date = months_ranked.month_start_date
    where months_ranked.months_back = 1

),

prior_month as (

    select
        health.customer_type,
        sum(health.arr_at_risk) as prior_arr_at_risk
    from health
    inner join months_ranked
        on health.month_start_date = months_ranked.month_start_date
    where months_ranked.months_back = 2
    group by health.customer_type

),

by_segment as (

    select
        customer_type,
        count(*) as customers,
        sum(case when health_band = 'Red' then 1 else 0 end) as red_customers,
        sum(case when health_band = 'Yellow' then 1 else 0 end) as yellow_customers,
        sum(arr) as arr,
        sum(arr_at_risk) as arr_at_risk,
        avg(case when health_band in ('Red', 'Yellow') then activation_score end) as at_risk_activation_score,
        avg(case when health_band in ('Red', 'Yellow') then usage_trend_score end) as at_risk_usage_trend_score,
        avg(case when health_band in ('Red', 'Yellow') then support_load_score end) as at_risk_support_load_score,
        avg(case when health_band in ('Red', 'Yellow') then financial_trend_score end) as at_risk_financial_trend_score,
        avg(case when health_band in ('Red', 'Yellow') then commercial_score end) as at_risk_commercial_score
    from latest
    group by customer_type

),

final as (

    select
        by_segment.*,
        cast(by_segment.arr_at_risk as decimal(18, 6)) / nullif(by_segment.arr, 0) as arr_at_risk_share,
        by_segment.arr_at_risk - coalesce(prior_month.prior_arr_at_risk, 0) as arr_at_risk_change
    from by_segment
    left join prior_month
        on by_segment.customer_type = prior_month.customer_type

)

select * from final
