{%- set blockers = ['User_Adoption', 'Resource_Constraints', 'Missing_Integration', 'Timeline_Issues',
    'Security_Concerns', 'Performance_Issues', 'Budget_Constraints', 'Technical_Complexity'] -%}
{#-
    Grain: industry x segment (customer_type) x POC duration band, plus one
    'No POC' row per industry x segment for the opportunities that never had a
    POC (their POC measures are 0 / null). POC rows count POCs and the outcome
    of each POC's opportunity; the no-POC baseline win rate of the same
    industry and segment sits on every row so the lift can be read directly.
-#}

with

pocs as (

    select * from {{ ref('fct_pocs') }}

),

opportunities as (

    select * from {{ ref('stg_crm__opportunities') }}

),

accounts as (

    select * from {{ ref('stg_crm__accounts') }}

),

poc_groups as (

    select
        coalesce(industry, 'Unknown') as industry,
        coalesce(customer_type, 'Unknown') as customer_type,
        duration_band,
        duration_band_order,
        count(*) as pocs,
        sum(case when is_successful then 1 else 0 end) as successful_pocs,
        sum(case when is_opportunity_won then 1 else 0 end) as opportunities_won,
        sum(case when opportunity_status = 'Lost' then 1 else 0 end) as opportunities_lost,
        {%- for blocker in blockers %}
            sum(case when primary_blocker = '{{ blocker }}' then 1 else 0 end) as blocker_{{ blocker | lower }}_pocs,
        {%- endfor %}
        round(cast(avg(cast(duration_days as {{ type_double() }})) as decimal(18, 6)), 2) as average_duration_days
    from pocs
    group by 1, 2, 3, 4

),

opportunities_with_poc as (

    select distinct opportunity_id
    from pocs
    where opportunity_id is not null

),

opportunities_without_poc as (

    select
        opportunities.opportunity_id,
        coalesce(accounts.industry, 'Unknown') as industry,
        coalesce(opportunities.customer_type, accounts.customer_type, 'Unknown') as customer_type,
        opportunities.status
    from opportunities
    left join accounts
        on opportunities.account_id = accounts.account_id
    left join opportunities_with_poc
        on opportunities.opportunity_id = opportunities_with_poc.opportunity_id
    where opportunities_with_poc.opportunity_id is null

),

no_poc_groups as (

    select
        industry,
        customer_type,
        'No POC' as duration_band,
        -1 as duration_band_order,
        0 as pocs,
        0 as successful_pocs,
        sum(case when status = 'Won' then 1 else 0 end) as opportunities_won,
        sum(case when status = 'Lost' then 1 else 0 end) as opportunities_lost,
        {%- for blocker in blockers %}
            0 as blocker_{{ blocker | lower }}_pocs,
        {%- endfor %}
        cast(null as decimal(18, 6)) as average_duration_days
    from opportunities_without_poc
    group by 1, 2

),

unioned as (

    select * from poc_groups
    union all
    select * from no_poc_groups

),

rated as (

    select
        unioned.*,
        {{ ratio('unioned.successful_pocs', 'unioned.pocs') }} as poc_success_rate,
        {{ win_rate('unioned.opportunities_won', 'unioned.opportunities_lost', none) }} as unrounded_win_rate,
        {{ win_rate('no_poc_groups.opportunities_won', 'no_poc_groups.opportunities_lost', none) }}
            as unrounded_no_poc_win_rate
    from unioned
    left join no_poc_groups
        on
            unioned.industry = no_poc_groups.industry
            and unioned.customer_type = no_poc_groups.customer_type

),

lifted as (

    select
        *,
        {{ round_half_away('unrounded_win_rate') }} as win_rate,
        {{ round_half_away('unrounded_no_poc_win_rate') }} as no_poc_win_rate,
        {{ round_half_away('unrounded_win_rate - unrounded_no_poc_win_rate') }} as win_rate_lift_vs_no_poc,
        pocs - successful_pocs as unsuccessful_pocs
    from rated

),

final as (

    select {{ contract_columns() }}
    from lifted

)

select * from final
