-- Monitor: the health score should rank churn risk: over the backtest, Red
-- accounts churn more often than Yellow, and Yellow more often than Green. A
-- statistical property of one world (a real company's score may rank badly for a
-- while): a warning, never a failed build. scripts/tests/test_realism_profile.py
-- asserts the ordering in expectation over seeds.
{{ config(severity='warn') }}

with

backtest as (

    select * from {{ ref('rpt_health_backtest') }}

),

rates as (

    select
        max(case when health_band = 'Red' then churn_rate end) as red_churn_rate,
        max(case when health_band = 'Yellow' then churn_rate end) as yellow_churn_rate,
        max(case when health_band = 'Green' then churn_rate end) as green_churn_rate
    from backtest

),

broken as (

    select *
    from rates
    where
        red_churn_rate is null
        or yellow_churn_rate is null
        or green_churn_rate is null
        or not (red_churn_rate > yellow_churn_rate and yellow_churn_rate > green_churn_rate)

)

select * from broken
