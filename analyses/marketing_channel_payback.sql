-- Question: which marketing channels turn leads into won revenue most efficiently, and how fast?
-- For each channel (cohorts of the last 12 months before as_of_date): leads, lead-to-won conversion,
-- won revenue per lead, and the median speed to MQL, so marketing can shift budget to the channels
-- that convert rather than the ones that merely generate volume.
with

funnel as (

    select * from {{ ref('rpt_funnel_conversion') }}

),

leads as (

    select * from {{ ref('fct_leads') }}

),

recent_leads as (

    select
        channel,
        count(*) as leads,
        sum(case when has_won_opportunity then 1 else 0 end) as leads_won,
        sum(won_amount) as won_amount
    from leads
    where created_date > {{ dbt.dateadd('month', -12, as_of_date()) }}
    group by channel

),

speed as (

    select
        channel,
        sum(leads) as funnel_leads,
        sum(mqls) as funnel_mqls
    from funnel
    group by channel

)

select
    recent_leads.channel,
    recent_leads.leads,
    cast(recent_leads.leads_won as decimal(18, 6)) / nullif(recent_leads.leads, 0) as lead_to_won_rate,
    cast(recent_leads.won_amount as decimal(18, 2)) / nullif(recent_leads.leads, 0) as won_amount_per_lead,
    cast(speed.funnel_mqls as decimal(18, 6)) / nullif(speed.funnel_leads, 0) as lead_to_mql_rate_all_time
from recent_leads
left join speed
    on recent_leads.channel = speed.channel
order by won_amount_per_lead desc
