{#
    License events summed to account x product family x week (Monday start, from
    int_dates_calendared): seat-state deltas (assigned, activated, deactivated) and the
    activation-quality events of the week (QAL, MAL, RMAL). The largest table of
    the warehouse is read once, set-based: no per-seat loop, one join to the
    calendar and one join that tells whether a deactivated seat had been
    activated (first activations looked up only for the seats deactivated in
    the weeks being built). Incremental: a run re-aggregates only the weeks from
    var('cs_license_events_lookback_weeks') weeks before the newest week already
    stored (late events of those weeks included), replacing them whole
    (delete+insert on DuckDB / PostgreSQL, insert_overwrite of week partitions on
    Spark). Events after as_of_date are ignored.
#}
{{
    config(
        materialized='incremental',
        unique_key=['account_id', 'product_family', 'week_start_date'],
        incremental_strategy=('insert_overwrite' if target.type == 'spark' else 'delete+insert'),
        partition_by=(['week_start_date'] if target.type == 'spark' else none),
        on_schema_change='fail',
    )
}}
{%- set lookback_days = 7 * (var('cs_license_events_lookback_weeks') | int) %}

with

license_events as (

    select * from {{ ref('stg_product__license_events') }}

),

dates as (

    select * from {{ ref('int_dates_calendared') }}

),

events_in_scope as (

    select
        license_events.account_id,
        license_events.product_family,
        license_events.seat_id,
        license_events.event_type,
        license_events.event_at,
        cast(license_events.event_at as date) as event_date
    from license_events
    where
        cast(license_events.event_at as date) <= {{ as_of_date() }}
    {% if is_incremental() %}
            and cast(license_events.event_at as date) >= (
                select
                    cast(
                        {{ dbt.dateadd('day', -lookback_days, 'max(week_start_date)') }}
                        as date
                    )
                from {{ this }}
            )
        {% endif %}

),

deactivated_seats as (

    select distinct seat_id from events_in_scope
    where event_type = 'deactivated'

),

activations as (

    select
        license_events.seat_id,
        min(license_events.event_at) as first_activated_at
    from license_events
    inner join deactivated_seats
        on license_events.seat_id = deactivated_seats.seat_id
    where license_events.event_type = 'activated'
    group by license_events.seat_id

),

events_flagged as (

    select
        events_in_scope.account_id,
        events_in_scope.product_family,
        events_in_scope.event_type,
        events_in_scope.event_date,
        case
            when
                events_in_scope.event_type = 'deactivated'
                and activations.first_activated_at <= events_in_scope.event_at
                then 1
            else 0
        end as is_deactivation_of_activated_seat
    from events_in_scope
    left join activations
        on
            events_in_scope.seat_id = activations.seat_id
            and events_in_scope.event_type = 'deactivated'

),

events_weeked as (

    select
        events_flagged.*,
        dates.week_start_date
    from events_flagged
    inner join dates
        on events_flagged.event_date = dates.date_day

),

aggregated as (

    select
        account_id,
        product_family,
        week_start_date,
        sum(case when event_type = 'assigned' then 1 else 0 end) as assigned_events,
        sum(case when event_type = 'activated' then 1 else 0 end) as activated_events,
        sum(case when event_type = 'deactivated' then 1 else 0 end) as deactivated_events,
        sum(is_deactivation_of_activated_seat) as deactivated_activated_events,
        sum(case when event_type = 'quality_activation' then 1 else 0 end) as qal_events,
        sum(case when event_type = 'medium_activation' then 1 else 0 end) as mal_events,
        sum(case when event_type = 'reduced_activation' then 1 else 0 end) as rmal_events
    from events_weeked
    group by account_id, product_family, week_start_date

),

final as (

    select
        cast(account_id as {{ dbt.type_string() }}) as account_id,
        cast(product_family as {{ dbt.type_string() }}) as product_family,
        cast(assigned_events as integer) as assigned_events,
        cast(activated_events as integer) as activated_events,
        cast(deactivated_events as integer) as deactivated_events,
        cast(deactivated_activated_events as integer) as deactivated_activated_events,
        cast(qal_events as integer) as qal_events,
        cast(mal_events as integer) as mal_events,
        cast(rmal_events as integer) as rmal_events,
        cast(week_start_date as date) as week_start_date
    from aggregated

)

select * from final
