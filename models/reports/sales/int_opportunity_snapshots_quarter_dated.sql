{#-
    Each opportunity open at the end of each snapshot point of
    int_quarter_snapshot_dates_spined (BOQ and week-of-quarter points), rebuilt
    from int_opportunity_states_dated exactly as fct_pipeline_snapshots_weekly
    does: the state valid at the end of the snapshot day (valid_from_date <=
    snapshot_date < valid_to_date) and open. Carries the static attributes the
    planning marts slice by (region of the owner rep, segment, sales motion =
    opportunity_type), whether the expected close date falls inside the
    snapshot's fiscal quarter, the stage's default probability
    (seed opportunity_stages) and the deal's age band at the snapshot
    (var('forecast_age_band_edges_days')).
-#}
{{ config(
    schema='intermediate', materialized='view', access='protected',
    contract={'enforced': false},
    grants=({'select': []} if target.type == 'postgres' else {})
) }}
{%- set age_edges = var('forecast_age_band_edges_days') -%}

with

points as (

    select * from {{ ref('int_quarter_snapshot_dates_spined') }}

),

states as (

    select * from {{ ref('int_opportunity_states_dated') }}

),

opportunities as (

    select * from {{ ref('fct_opportunities') }}

),

stages as (

    select * from {{ ref('opportunity_stages') }}

),

open_at_point as (

    select
        points.fiscal_quarter_start_date,
        points.fiscal_quarter_end_date,
        points.snapshot_grain,
        points.week_of_quarter,
        points.snapshot_date,
        states.opportunity_id,
        states.stage,
        states.amount,
        states.expected_close_date
    from points
    inner join states
        on {{ opportunity_state_at('points.snapshot_date') }}
    where states.is_open

),

enriched as (

    select
        open_at_point.*,
        coalesce(opportunities.owner_region, opportunities.territory_region, 'Unknown') as region,
        coalesce(opportunities.customer_type, 'Unknown') as customer_type,
        coalesce(opportunities.opportunity_type, 'Unknown') as sales_motion,
        opportunities.created_date,
        coalesce(
            open_at_point.expected_close_date >= open_at_point.fiscal_quarter_start_date
            and open_at_point.expected_close_date <= open_at_point.fiscal_quarter_end_date,
            false
        ) as is_expected_to_close_in_quarter,
        cast(stages.default_probability as decimal(18, 6)) / 100 as stage_probability,
        {{ dbt.datediff('opportunities.created_date', 'open_at_point.snapshot_date', 'day') }}
            as age_days
    from open_at_point
    left join opportunities
        on open_at_point.opportunity_id = opportunities.opportunity_id
    left join stages
        on open_at_point.stage = stages.stage_name

),

banded as (

    select
        *,
        case
            {%- for edge in age_edges %}
                {%- set lower_edge = loop.previtem if not loop.first else 0 %}
                when age_days < {{ edge }}
                    then '{{ "%02d" | format(loop.index) }} {{ lower_edge }}-{{ edge }}'
            {%- endfor %}
            else '{{ "%02d" | format(age_edges | length + 1) }} {{ age_edges[-1] }}+'
        end as age_band
    from enriched

)

select * from banded
