{%- set score_edges = var('lead_score_band_edges') -%}

with

leads as (

    select * from {{ ref('stg_crm__leads') }}

),

accounts as (

    select * from {{ ref('stg_crm__accounts') }}

),

opportunities as (

    select * from {{ ref('stg_crm__opportunities') }}

),

attribution as (

    select * from {{ ref('int_opportunities_attributed_to_leads') }}

),

lead_source_channels as (

    select * from {{ ref('lead_source_channels') }}
    where source_system = 'leads'

),

territory_postal_prefixes as (

    select * from {{ ref('territory_postal_prefixes') }}

),

-- the inverse of the attribution: every opportunity a lead is attributed to, first one first
lead_opportunities as (

    select
        attribution.lead_id,
        opportunities.opportunity_id,
        opportunities.created_date,
        opportunities.close_date,
        opportunities.status,
        opportunities.amount,
        row_number() over (
            partition by attribution.lead_id
            order by opportunities.created_date, opportunities.opportunity_id
        ) as opportunity_rank
    from attribution
    inner join opportunities
        on attribution.opportunity_id = opportunities.opportunity_id
    where attribution.lead_id is not null

),

lead_opportunity_summary as (

    select
        lead_id,
        count(*) as attributed_opportunities,
        sum(case when status = 'Won' then 1 else 0 end) as won_opportunities,
        sum(case when status = 'Won' then amount else 0 end) as won_amount
    from lead_opportunities
    group by 1

),

first_opportunity as (

    select * from lead_opportunities
    where opportunity_rank = 1

),

enriched as (

    select
        leads.lead_id,
        leads.account_id,
        leads.lead_source,
        lead_source_channels.channel,
        lead_source_channels.channel_group,
        leads.campaign_id,
        leads.owner_rep_id,
        territory_postal_prefixes.territory_id,
        accounts.industry,
        accounts.customer_type,
        leads.lead_score,
        case
            when leads.lead_score is null then 'Unknown'
            when leads.lead_score < {{ score_edges[0] }} then 'Low'
            when leads.lead_score < {{ score_edges[1] }} then 'Medium'
            else 'High'
        end as lead_score_band,
        leads.disposition_code,
        leads.lead_status,
        leads.disposition_code = 'Qualified' as is_qualified,
        leads.created_date,
        cast({{ dbt.date_trunc('month', 'leads.created_date') }} as date) as cohort_month,
        leads.mql_date,
        leads.sql_date,
        leads.mql_date is not null as is_mql,
        leads.sql_date is not null as is_sql,
        {{ dbt.datediff('leads.created_date', 'leads.mql_date', 'day') }} as days_to_mql,  -- noqa: LT05
        {{ dbt.datediff('leads.mql_date', 'leads.sql_date', 'day') }} as days_mql_to_sql,  -- noqa: LT05
        first_opportunity.opportunity_id as attributed_opportunity_id,
        first_opportunity.created_date as attributed_opportunity_created_date,
        first_opportunity.status as attributed_opportunity_status,
        first_opportunity.close_date as attributed_opportunity_close_date,
        first_opportunity.amount as attributed_opportunity_amount,
        first_opportunity.opportunity_id is not null as has_opportunity,
        coalesce(lead_opportunity_summary.attributed_opportunities, 0) as attributed_opportunities,
        coalesce(lead_opportunity_summary.won_opportunities, 0) > 0 as has_won_opportunity,
        coalesce(lead_opportunity_summary.won_amount, 0) as won_amount,
        {{ dbt.datediff('leads.sql_date', 'first_opportunity.created_date', 'day') }} as days_sql_to_opportunity,  -- noqa: LT05
        {{ dbt.datediff('leads.created_date', 'first_opportunity.created_date', 'day') }} as days_to_opportunity,  -- noqa: LT05
        case
            when first_opportunity.status in ('Won', 'Lost')
                then {{ dbt.datediff('first_opportunity.created_date', 'first_opportunity.close_date', 'day') }}  -- noqa: LT05
        end as days_opportunity_to_close
    from leads
    left join lead_source_channels
        on leads.lead_source = lead_source_channels.lead_source
    left join accounts
        on leads.account_id = accounts.account_id
    left join territory_postal_prefixes
        on substring(lpad(trim(leads.postal_code), 5, '0'), 1, 2) = territory_postal_prefixes.postal_prefix
    left join first_opportunity
        on leads.lead_id = first_opportunity.lead_id
    left join lead_opportunity_summary
        on leads.lead_id = lead_opportunity_summary.lead_id

),

final as (

    select {{ contract_columns() }}
    from enriched

)

select * from final
