{#-
    Multi-touch attribution: one row per (opportunity, marketing touch) for every
    touch that reached the opportunity before it was created, either through the
    opportunity's attributed lead (int_opportunities_attributed_to_leads) or
    through its contact. Each opportunity's touches carry three weights that each
    sum to exactly 1 per opportunity: first touch, last touch and linear (1/n).
-#}

with

touches as (

    select * from {{ ref('stg_marketing__touches') }}

),

opportunities as (

    select * from {{ ref('stg_crm__opportunities') }}

),

attribution as (

    select * from {{ ref('int_opportunities_attributed_to_leads') }}

),

opportunity_keys as (

    select
        opportunities.opportunity_id,
        opportunities.contact_id,
        opportunities.created_date,
        attribution.lead_id
    from opportunities
    inner join attribution
        on opportunities.opportunity_id = attribution.opportunity_id

),

-- a touch matches by lead or by contact; union (not union all) so a touch matching both counts once
matched_touches as (

    {%- for match_key in ['lead_id', 'contact_id'] %}
        select
            opportunity_keys.opportunity_id,
            touches.touch_id,
            touches.campaign_id,
            touches.touched_at
        from opportunity_keys
        inner join touches
            on opportunity_keys.{{ match_key }} = touches.{{ match_key }}
        where cast(touches.touched_at as date) <= opportunity_keys.created_date
        {%- if not loop.last %}
            union
        {%- endif %}
    {%- endfor %}

),

ordered as (

    select
        opportunity_id,
        touch_id,
        campaign_id,
        touched_at,
        row_number() over (
            partition by opportunity_id order by touched_at, touch_id
        ) as touch_sequence,
        count(*) over (partition by opportunity_id) as touches_on_opportunity
    from matched_touches

),

weighted as (

    select
        opportunity_id,
        touch_id,
        campaign_id,
        touched_at,
        touch_sequence,
        touches_on_opportunity,
        cast(case when touch_sequence = 1 then 1 else 0 end as {{ type_double() }}) as first_touch_weight,
        cast(case when touch_sequence = touches_on_opportunity then 1 else 0 end as {{ type_double() }})
            as last_touch_weight,
        cast(1 as {{ type_double() }}) / touches_on_opportunity as linear_weight
    from ordered

)

select * from weighted
