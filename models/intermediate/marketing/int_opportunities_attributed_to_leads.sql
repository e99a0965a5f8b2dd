{#-
    Lead attribution (SPEC section 4): an opportunity is attributed to the most
    recent lead with disposition Qualified of the same account whose created
    date lies within the `lead_attribution_window_days` (default 90) days up to
    and including the opportunity's created date. Ties on the lead created date
    go to the highest lead_id. Opportunities without such a lead keep a null
    lead_id.
-#}

with

opportunities as (

    select * from {{ ref('stg_crm__opportunities') }}

),

leads as (

    select * from {{ ref('stg_crm__leads') }}

),

qualified_leads as (

    select
        lead_id,
        account_id,
        created_date
    from leads
    where disposition_code = 'Qualified'

),

candidate_leads as (

    select
        opportunities.opportunity_id,
        qualified_leads.lead_id,
        qualified_leads.created_date as lead_created_date,
        {{ dbt.datediff('qualified_leads.created_date', 'opportunities.created_date', 'day') }}
            as days_from_lead_to_opportunity
    from opportunities
    inner join qualified_leads
        on opportunities.account_id = qualified_leads.account_id
    where
        {{ dbt.datediff('qualified_leads.created_date', 'opportunities.created_date', 'day') }}
        between 0 and {{ var('lead_attribution_window_days') }}

),

ranked_candidates as (

    select
        opportunity_id,
        lead_id,
        lead_created_date,
        days_from_lead_to_opportunity,
        count(*) over (partition by opportunity_id) as qualified_leads_in_window,
        row_number() over (
            partition by opportunity_id
            order by lead_created_date desc, lead_id desc
        ) as recency_rank
    from candidate_leads

),

attributed as (

    select
        opportunities.opportunity_id,
        opportunities.account_id,
        opportunities.created_date as opportunity_created_date,
        ranked_candidates.lead_id,
        ranked_candidates.lead_created_date,
        ranked_candidates.days_from_lead_to_opportunity,
        coalesce(ranked_candidates.qualified_leads_in_window, 0) as qualified_leads_in_window,
        ranked_candidates.lead_id is not null as has_attributed_lead
    from opportunities
    left join ranked_candidates
        on
            opportunities.opportunity_id = ranked_candidates.opportunity_id
            and ranked_candidates.recency_rank = 1

)

select * from attributed
