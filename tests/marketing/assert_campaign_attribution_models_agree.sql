-- First-touch, last-touch and linear attribution each give every touched opportunity a total weight of 1,
-- so over the whole report they must credit the same pipeline and won revenue, and that total must equal
-- the AMOUNT of the opportunities that have at least one attributed touch. Each report row is rounded to
-- cents, so a total may drift from the exact one by at most half a cent per row (a scale-100 world has
-- 31,678 rows and drifts about 1 unit): that bound is the tolerance. Returns one row per disagreeing measure.
with

report as (

    select
        count(*) as report_rows,
        sum(pipeline_first_touch) as pipeline_first_touch,
        sum(pipeline_last_touch) as pipeline_last_touch,
        sum(pipeline_linear) as pipeline_linear,
        sum(won_revenue_first_touch) as won_revenue_first_touch,
        sum(won_revenue_last_touch) as won_revenue_last_touch,
        sum(won_revenue_linear) as won_revenue_linear
    from {{ ref('rpt_campaign_performance') }}

),

touched_opportunities as (

    select distinct opportunity_id
    from {{ ref('int_touches_attributed_to_opportunities') }}

),

expected as (

    select
        coalesce(sum(opportunities.amount), 0) as pipeline,
        coalesce(sum(case when opportunities.status = 'Won' then opportunities.amount else 0 end), 0) as won_revenue
    from {{ ref('stg_crm__opportunities') }} as opportunities
    inner join touched_opportunities
        on opportunities.opportunity_id = touched_opportunities.opportunity_id

),

comparisons as (

    select
        'pipeline_first_touch' as check_name,
        report.pipeline_first_touch as actual_value,
        expected.pipeline as expected_value,
        report.report_rows
    from report cross join expected
    union all
    select
        'pipeline_last_touch' as check_name,
        report.pipeline_last_touch as actual_value,
        expected.pipeline as expected_value,
        report.report_rows
    from report cross join expected
    union all
    select
        'pipeline_linear' as check_name,
        report.pipeline_linear as actual_value,
        expected.pipeline as expected_value,
        report.report_rows
    from report cross join expected
    union all
    select
        'won_revenue_first_touch' as check_name,
        report.won_revenue_first_touch as actual_value,
        expected.won_revenue as expected_value,
        report.report_rows
    from report cross join expected
    union all
    select
        'won_revenue_last_touch' as check_name,
        report.won_revenue_last_touch as actual_value,
        expected.won_revenue as expected_value,
        report.report_rows
    from report cross join expected
    union all
    select
        'won_revenue_linear' as check_name,
        report.won_revenue_linear as actual_value,
        expected.won_revenue as expected_value,
        report.report_rows
    from report cross join expected

)

select * from comparisons
where abs(coalesce(actual_value, 0) - expected_value) > 0.005 * report_rows
