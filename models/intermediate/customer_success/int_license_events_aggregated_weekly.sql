{#
    License events summed to account x product family x week (Monday start, from
    int_dates_calendared): seat-state deltas (assigned, activated, deactivated) and the
    activation-quality events of the week (QAL, MAL, RMAL). The largest table of
    the warehouse is read once, set-based: no per-seat loop, one join to the
    calendar and one join that tells whether the seat of an activation or a
    deactivation had been assigned, and a deactivated seat activated, before
    (first assignment and activation looked up only for the seats activated or
    deactivated in the weeks being built). An activation or deactivation of a
    seat whose assignment is not in the export (its row unreadable) is not
    counted, so seat counts never go negative nor activated above assigned.
    Incremental: a run re-aggregates only the weeks from
    var('cs_license_events_lookback_weeks') weeks before the newest week already
    stored (late events of those weeks included), replacing them whole
    (delete+insert on DuckDB / PostgreSQL, insert_overwrite of week partitions on
    Spark). Events after as_of_date are ignored, and so are events whose time or
    product family staging could not parse (audit_field_issues lists them).
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
        and license_events.product_family is not null
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

seats_looked_up as (

    select distinct seat_id
    from events_in_scope
    where event_type in ('activated', 'deactivated')

),

seat_starts as (

    select
        license_events.seat_id,
        min(case when license_events.event_type = 'assigned' then license_events.event_at end) as first_assigned_at,
        min(case when license_events.event_type = 'activated' then license_events.event_at end) as first_activated_at
    from license_events
    inner join seats_looked_up
        on license_events.seat_id = seats_looked_up.seat_id
    where
        license_events.event_type in ('assigned', 'activated')
        and license_events.product_family is not null
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
                events_in_scope.event_type in ('activated', 'deactivated')
                and seat_starts.first_assigned_at <= events_in_scope.event_at
                then 1
            else 0
        end as is_event_of_assigned_seat,
        case
            when
                events_in_scope.event_type = 'deactivated'
                and seat_starts.first_assigned_at <= seat_starts.first_activated_at
                and seat_starts.first_activated_at <= events_in_scope.event_at
                then 1
            else 0
        end as is_deactivation_of_activated_seat
    from events_in_scope
    left join seat_starts
        on events_in_scope.seat_id = seat_starts.seat_id

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
        sum(case when event_type = 'activated' then is_event_of_assigned_seat else 0 end) as activated_events,
        sum(case when event_type = 'deactivated' then is_event_of_assigned_seat else 0 end) as deactivated_events,
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
