-- Seat states reconstructed week by week end where the raw event history ends:
-- in the last week, assigned seats per account and product family equal all
-- assigned minus all deactivated events up to as_of_date (opening balance
-- before the window included), and the QAL / MAL / RMAL counts of the window
-- weeks equal the events of those weeks. Events whose product family staging
-- could not parse, and deactivations of seats whose assignment is not in the
-- export, count nowhere.
with

seat_usage as (

    select * from {{ ref('fct_seat_usage_weekly') }}

),

license_events as (

    select * from {{ ref('stg_product__license_events') }}
    where product_family is not null

),

seat_assignments as (

    select
        seat_id,
        min(event_at) as first_assigned_at
    from license_events
    where event_type = 'assigned'
    group by seat_id

),

last_week_start as (

    select max(week_start_date) as last_week_start_date
    from seat_usage

),

last_week as (

    select
        seat_usage.account_id,
        seat_usage.product_family,
        seat_usage.assigned_seats
    from seat_usage
    inner join last_week_start
        on seat_usage.week_start_date = last_week_start.last_week_start_date

),

window_usage as (

    select
        account_id,
        product_family,
        sum(qal_count + mal_count + rmal_count) as quality_events,
        min(week_start_date) as first_week_start_date
    from seat_usage
    group by account_id, product_family

),

first_window_week as (

    select min(week_start_date) as first_week_start_date
    from seat_usage

),

event_totals as (

    select
        license_events.account_id,
        license_events.product_family,
        sum(
            case
                when license_events.event_type = 'assigned' then 1
                when
                    license_events.event_type = 'deactivated'
                    and seat_assignments.first_assigned_at <= license_events.event_at
                    then -1
                else 0
            end
        ) as assigned_seats,
        sum(
            case
                when
                    license_events.event_type in ('quality_activation', 'medium_activation', 'reduced_activation')
                    and cast(license_events.event_at as date) >= first_window_week.first_week_start_date
                    then 1
                else 0
            end
        ) as quality_events
    from license_events
    cross join first_window_week
    left join seat_assignments
        on license_events.seat_id = seat_assignments.seat_id
    where cast(license_events.event_at as date) <= {{ as_of_date() }}
    group by license_events.account_id, license_events.product_family

)

select
    event_totals.account_id,
    event_totals.product_family,
    event_totals.assigned_seats as event_assigned_seats,
    last_week.assigned_seats as mart_assigned_seats,
    event_totals.quality_events as event_quality_events,
    window_usage.quality_events as mart_quality_events
from event_totals
left join last_week
    on
        event_totals.account_id = last_week.account_id
        and event_totals.product_family = last_week.product_family
left join window_usage
    on
        event_totals.account_id = window_usage.account_id
        and event_totals.product_family = window_usage.product_family
where
    coalesce(last_week.assigned_seats, 0) <> event_totals.assigned_seats
    or coalesce(window_usage.quality_events, 0) <> event_totals.quality_events
