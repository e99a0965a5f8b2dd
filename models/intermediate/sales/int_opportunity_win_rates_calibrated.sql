{#-
    History-calibrated win rates as known at each snapshot point: for every
    snapshot point of int_quarter_snapshot_dates_spined and every
    stage x segment (customer_type) x age band, how many opportunities that
    had been through that open stage (entered at that age) were already
    closed at the end of the snapshot day, and how many of them were won.
    No look-ahead: an opportunity counts only when the state valid at the end
    of the snapshot day is a closed one (Closed Won / Closed Lost), the outcome
    is that state's, and only open stages entered on or before the snapshot
    day are used; a deal closed after the snapshot (or reopened since) is
    not. The age band is the deal's age when it entered the stage
    (var('forecast_age_band_edges_days')). Each opportunity counts once per
    key (count distinct), however often it re-entered the stage.
-#}
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

closed_at_point as (

    select
        points.fiscal_quarter_start_date,
        points.week_of_quarter,
        points.snapshot_date,
        states.opportunity_id,
        states.is_won
    from points
    inner join states
        on
            points.snapshot_date >= states.valid_from_date
            and (states.valid_to_date is null or points.snapshot_date < states.valid_to_date)
    where not states.is_open

),

history as (

    select
        closed_at_point.fiscal_quarter_start_date,
        closed_at_point.week_of_quarter,
        closed_at_point.opportunity_id,
        closed_at_point.is_won,
        open_states.stage,
        coalesce(opportunities.customer_type, 'Unknown') as customer_type,
        {{ dbt.datediff('opportunities.created_date', 'open_states.valid_from_date', 'day') }} as age_days
    from closed_at_point
    inner join states as open_states
        on
            closed_at_point.opportunity_id = open_states.opportunity_id
            and open_states.valid_from_date <= closed_at_point.snapshot_date
            and open_states.is_open
    left join opportunities
        on closed_at_point.opportunity_id = opportunities.opportunity_id

),

banded as (

    select
        *,
        case
            {%- for edge in age_edges %}
                when age_days < {{ edge }}
                    then '{{ "%02d" | format(loop.index) }} {{ (loop.previtem if not loop.first else 0) }}-{{ edge }}'
            {%- endfor %}
            else '{{ "%02d" | format(age_edges | length + 1) }} {{ age_edges[-1] }}+'
        end as age_band
    from history

),

win_rates as (

    select
        fiscal_quarter_start_date,
        week_of_quarter,
        stage,
        customer_type,
        age_band,
        count(distinct opportunity_id) as history_closed_count,
        count(distinct case when is_won then opportunity_id end) as history_won_count
    from banded
    group by
        fiscal_quarter_start_date,
        week_of_quarter,
        stage,
        customer_type,
        age_band

)

select * from win_rates
