{#-
    Stage-to-stage conversion of the open stages (Prospecting .. Negotiation)
    from fct_opportunity_stage_transitions, by deal-size band and segment
    (customer_type) of the opportunity, with 'All' rows for each rollup.
    A visit is exited when a later visit of the same opportunity exists;
    rates are shares of exited visits; time in stage statistics (median via
    the percentile_cont dispatch macro, sample variance var_samp,
    mean) are over exited visits only, so still-open visits do not bias
    them downwards.
-#}
{%- set groupings = [
    ['deal_size_band', 'customer_type'],
    ['deal_size_band', "'All'"],
    ["'All'", 'customer_type'],
    ["'All'", "'All'"],
] -%}

with

transitions as (

    select * from {{ ref('fct_opportunity_stage_transitions') }}

),

opportunities as (

    select * from {{ ref('fct_opportunities') }}

),

open_stage_visits as (

    select
        transitions.stage,
        transitions.stage_order,
        transitions.exit_type,
        transitions.exited_at is not null as is_exited,
        case when transitions.exited_at is not null then transitions.days_in_stage end as exited_days_in_stage,
        coalesce(opportunities.deal_size_band, 'Unknown') as deal_size_band,
        coalesce(opportunities.customer_type, 'Unknown') as customer_type
    from transitions
    inner join opportunities
        on transitions.opportunity_id = opportunities.opportunity_id
    where not transitions.is_closed_stage

),

aggregated as (

    {%- for grouping in groupings %}

        select
            stage,
            stage_order,
            {{ grouping[0] }},
            {{ grouping[1] }},
            count(*) as visits,
            sum(case when is_exited then 1 else 0 end) as exited_visits,
            sum(case when exit_type in ('advanced', 'won') then 1 else 0 end) as advanced_visits,
            sum(case when exit_type = 'won' then 1 else 0 end) as won_visits,
            sum(case when exit_type = 'lost' then 1 else 0 end) as lost_visits,
            sum(case when exit_type = 'regressed' then 1 else 0 end) as regressed_visits,
            sum(case when exit_type = 'open' then 1 else 0 end) as open_visits,
            round(cast({{ percentile_cont('exited_days_in_stage', 0.5) }} as decimal(18, 6)), 2)
                as median_days_in_stage,
            round(cast(avg(cast(exited_days_in_stage as {{ dbt.type_float() }})) as decimal(18, 6)), 2)
                as mean_days_in_stage,
            round(cast(var_samp(cast(exited_days_in_stage as {{ dbt.type_float() }})) as decimal(18, 6)), 2)
                as variance_days_in_stage
        from open_stage_visits
        group by
            {{ (['stage', 'stage_order'] + grouping | reject('equalto', "'All'") | list) | join(',\n            ') }}
        {% if not loop.last %}union all{% endif %}
    {%- endfor %}

),

rated as (

    select
        *,
        {{ ratio('advanced_visits', 'exited_visits') }} as advancement_rate,
        {{ ratio('lost_visits', 'exited_visits') }} as loss_rate,
        {{ ratio('regressed_visits', 'exited_visits') }} as regression_rate
    from aggregated

),

final as (

    select {{ contract_columns() }}
    from rated

)

select * from final
