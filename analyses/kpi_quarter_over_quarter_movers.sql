-- Which company KPIs moved the most in the latest complete calendar quarter,
-- and is the move in line with the same quarter a year earlier?
-- Reads rpt_kpi_scorecard only: compile with `dbt compile --select kpi_quarter_over_quarter_movers`
-- and run the SQL in target/compiled against the marts.

with

quarters as (

    select * from {{ ref('rpt_kpi_scorecard') }}
    where
        period_grain = 'quarter'
        and period_end <= {{ as_of_date() }}

),

latest as (

    select max(period_start) as period_start from quarters

),

movers as (

    select
        quarters.period_start,
        quarters.leads_created,
        quarters.leads_created_qoq_growth,
        quarters.leads_created_yoy_growth,
        quarters.opps_won,
        quarters.opps_won_qoq_growth,
        quarters.opps_won_yoy_growth,
        quarters.income,
        quarters.income_qoq_growth,
        quarters.income_yoy_growth,
        quarters.ending_arr,
        quarters.ending_arr_qoq_growth,
        quarters.ending_arr_yoy_growth,
        quarters.opportunity_win_rate,
        quarters.lead_conversion_rate,
        quarters.quote_to_close_rate
    from quarters
    inner join latest on quarters.period_start = latest.period_start

)

select * from movers
