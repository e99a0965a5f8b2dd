{#-
    Grain: campaign x product bundle. Volume measures (touches, leads, calls)
    are partitioned by the product bundle of the lead's first attributed
    opportunity ('Unattributed' when the lead has none), opportunity measures
    by the opportunity's bundle, so every measure sums over bundles to the
    campaign total.
-#}
{#- attributed opportunities (fractional under linear attribution) to 6 places, attributed amounts to the cent -#}
{%- set attributed_counts = ['opportunities_first_touch', 'opportunities_last_touch', 'opportunities_linear'] -%}
{%- set attributed_amounts = [
    'pipeline_first_touch', 'pipeline_last_touch', 'pipeline_linear',
    'won_revenue_first_touch', 'won_revenue_last_touch', 'won_revenue_linear',
] -%}

with

campaigns as (

    select * from {{ ref('stg_marketing__campaigns') }}

),

touches as (

    select * from {{ ref('stg_marketing__touches') }}

),

activities as (

    select * from {{ ref('stg_crm__activities') }}

),

leads as (

    select * from {{ ref('fct_leads') }}

),

opportunities as (

    select * from {{ ref('stg_crm__opportunities') }}

),

touch_attribution as (

    select * from {{ ref('int_touches_attributed_to_opportunities') }}

),

lead_bundles as (

    select
        leads.lead_id,
        leads.campaign_id,
        leads.is_qualified,
        coalesce(opportunities.product_bundle_code, 'Unattributed') as product_bundle_code
    from leads
    left join opportunities
        on leads.attributed_opportunity_id = opportunities.opportunity_id

),

touch_facts as (

    select
        touches.campaign_id,
        coalesce(lead_bundles.product_bundle_code, 'Unattributed') as product_bundle_code,
        1 as touches,
        0 as leads,
        0 as qualified_leads,
        0 as calls,
        0 as right_party_contacts
    from touches
    left join lead_bundles
        on touches.lead_id = lead_bundles.lead_id

),

lead_facts as (

    select
        campaign_id,
        product_bundle_code,
        0 as touches,
        1 as leads,
        case when is_qualified then 1 else 0 end as qualified_leads,
        0 as calls,
        0 as right_party_contacts
    from lead_bundles

),

call_facts as (

    select
        lead_bundles.campaign_id,
        lead_bundles.product_bundle_code,
        0 as touches,
        0 as leads,
        0 as qualified_leads,
        1 as calls,
        case when activities.outcome = 'Right Party Contact' then 1 else 0 end as right_party_contacts
    from activities
    inner join lead_bundles
        on activities.lead_id = lead_bundles.lead_id
    where activities.activity_type = 'Call'

),

volume_facts as (

    select * from touch_facts
    union all
    select * from lead_facts
    union all
    select * from call_facts

),

volumes as (

    select
        campaign_id,
        product_bundle_code,
        sum(touches) as touches,
        sum(leads) as leads,
        sum(qualified_leads) as qualified_leads,
        sum(calls) as calls,
        sum(right_party_contacts) as right_party_contacts
    from volume_facts
    where campaign_id is not null
    group by 1, 2

),

attributed_revenue as (

    select
        touch_attribution.campaign_id,
        opportunities.product_bundle_code,
        count(distinct touch_attribution.opportunity_id) as opportunities_influenced,
        count(distinct case when opportunities.status = 'Won' then touch_attribution.opportunity_id end)
            as won_opportunities_influenced,
        sum(touch_attribution.first_touch_weight) as opportunities_first_touch,
        sum(touch_attribution.last_touch_weight) as opportunities_last_touch,
        sum(touch_attribution.linear_weight) as opportunities_linear,
        sum(touch_attribution.first_touch_weight * opportunities.amount) as pipeline_first_touch,
        sum(touch_attribution.last_touch_weight * opportunities.amount) as pipeline_last_touch,
        sum(touch_attribution.linear_weight * opportunities.amount) as pipeline_linear,
        sum(case when opportunities.status = 'Won' then touch_attribution.first_touch_weight * opportunities.amount end)
            as won_revenue_first_touch,
        sum(case when opportunities.status = 'Won' then touch_attribution.last_touch_weight * opportunities.amount end)
            as won_revenue_last_touch,
        sum(case when opportunities.status = 'Won' then touch_attribution.linear_weight * opportunities.amount end)
            as won_revenue_linear
    from touch_attribution
    inner join opportunities
        on touch_attribution.opportunity_id = opportunities.opportunity_id
    where touch_attribution.campaign_id is not null
    group by 1, 2

),

grain as (

    select
        campaign_id,
        product_bundle_code
    from volumes
    union
    select
        campaign_id,
        product_bundle_code
    from attributed_revenue

),

joined as (

    select
        grain.campaign_id,
        campaigns.campaign_name,
        coalesce(campaigns.channel, 'Unknown') as channel,
        coalesce(grain.product_bundle_code, 'Unknown') as product_bundle_code,
        coalesce(volumes.touches, 0) as touches,
        coalesce(volumes.leads, 0) as leads,
        coalesce(volumes.qualified_leads, 0) as qualified_leads,
        coalesce(volumes.calls, 0) as calls,
        coalesce(volumes.right_party_contacts, 0) as right_party_contacts,
        {{ ratio('volumes.right_party_contacts', 'volumes.calls') }} as right_party_contact_rate,
        coalesce(attributed_revenue.opportunities_influenced, 0) as opportunities_influenced,
        {%- for measure in attributed_counts %}
            round(cast(coalesce(attributed_revenue.{{ measure }}, 0) as decimal(18, 6)), 6) as {{ measure }},
        {%- endfor %}
        {%- for measure in attributed_amounts %}
            round(cast(coalesce(attributed_revenue.{{ measure }}, 0) as decimal(18, 4)), 2) as {{ measure }},
        {%- endfor %}
        coalesce(attributed_revenue.won_opportunities_influenced, 0) as won_opportunities_influenced
    from grain
    left join campaigns
        on grain.campaign_id = campaigns.campaign_id
    left join volumes
        on
            grain.campaign_id = volumes.campaign_id
            and grain.product_bundle_code = volumes.product_bundle_code
    left join attributed_revenue
        on
            grain.campaign_id = attributed_revenue.campaign_id
            and grain.product_bundle_code = attributed_revenue.product_bundle_code

),

final as (

    select {{ contract_columns() }}
    from joined

)

select * from final
