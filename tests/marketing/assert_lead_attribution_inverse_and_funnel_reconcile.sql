-- fct_leads is the inverse of the opportunity attribution: the opportunities it counts per lead add up to the
-- attributed opportunities of int_opportunities_attributed_to_leads, and the funnel report keeps every lead
-- exactly once (its leads, MQLs and opportunities add up to fct_leads). Returns one row per broken identity.
with

attributed as (

    select count(*) as attributed_opportunities
    from {{ ref('int_opportunities_attributed_to_leads') }}
    where lead_id is not null

),

leads as (

    select
        count(*) as leads,
        sum(case when is_mql then 1 else 0 end) as mqls,
        sum(case when has_opportunity then 1 else 0 end) as leads_with_opportunity,
        sum(attributed_opportunities) as attributed_opportunities
    from {{ ref('fct_leads') }}

),

funnel as (

    select
        sum(leads) as leads,
        sum(mqls) as mqls,
        sum(opportunities) as leads_with_opportunity
    from {{ ref('rpt_funnel_conversion') }}

),

checks as (

    select
        'inverse attribution' as check_name,
        leads.attributed_opportunities as actual_value,
        attributed.attributed_opportunities as expected_value
    from leads cross join attributed
    union all
    select
        'funnel leads' as check_name,
        funnel.leads as actual_value,
        leads.leads as expected_value
    from funnel cross join leads
    union all
    select
        'funnel mqls' as check_name,
        funnel.mqls as actual_value,
        leads.mqls as expected_value
    from funnel cross join leads
    union all
    select
        'funnel opportunities' as check_name,
        funnel.leads_with_opportunity as actual_value,
        leads.leads_with_opportunity as expected_value
    from funnel cross join leads

)

select * from checks
where coalesce(actual_value, -1) <> coalesce(expected_value, -1)
