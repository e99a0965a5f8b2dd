-- Pricing reports keep every fact exactly once: rpt_discount_win_rates counts every quote once and every
-- opportunity once (by its single final quote), rpt_poc_outcomes counts every POC once and its blocker
-- columns add up to the unsuccessful POCs. Returns one row per broken identity.
with

quotes as (

    select
        count(*) as quotes,
        sum(case when is_final_version then 1 else 0 end) as final_quotes,
        count(distinct opportunity_id) as quoted_opportunities
    from {{ ref('fct_quotes') }}

),

discount_report as (

    select
        sum(quotes) as quotes,
        sum(opportunities) as opportunities
    from {{ ref('rpt_discount_win_rates') }}

),

pocs as (

    select
        count(*) as pocs,
        sum(case when not is_successful then 1 else 0 end) as unsuccessful_pocs
    from {{ ref('fct_pocs') }}

),

poc_report as (

    select
        sum(pocs) as pocs,
        sum(
            blocker_user_adoption_pocs + blocker_resource_constraints_pocs + blocker_missing_integration_pocs
            + blocker_timeline_issues_pocs + blocker_security_concerns_pocs + blocker_performance_issues_pocs
            + blocker_budget_constraints_pocs + blocker_technical_complexity_pocs
        ) as blocked_pocs
    from {{ ref('rpt_poc_outcomes') }}

),

checks as (

    select
        'one final quote per opportunity' as check_name,
        quotes.final_quotes as actual_value,
        quotes.quoted_opportunities as expected_value
    from quotes
    union all
    select
        'discount report quotes' as check_name,
        discount_report.quotes as actual_value,
        quotes.quotes as expected_value
    from discount_report cross join quotes
    union all
    select
        'discount report opportunities' as check_name,
        discount_report.opportunities as actual_value,
        quotes.quoted_opportunities as expected_value
    from discount_report cross join quotes
    union all
    select
        'poc report pocs' as check_name,
        poc_report.pocs as actual_value,
        pocs.pocs as expected_value
    from poc_report cross join pocs
    union all
    select
        'blockers of unsuccessful pocs' as check_name,
        poc_report.blocked_pocs as actual_value,
        pocs.unsuccessful_pocs as expected_value
    from poc_report cross join pocs

)

select * from checks
where coalesce(actual_value, -1) <> coalesce(expected_value, -1)
