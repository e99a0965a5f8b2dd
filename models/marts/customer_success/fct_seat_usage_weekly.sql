{#
    Seat entitlement, assignment and activation per account x product family x
    week (Monday start, weeks from dim_dates that start on or after
    window_start_date and up to as_of_date). Seat states are measured at the
    week's snapshot date (its Sunday, or as_of_date in the current week):
    entitled = sum of entitlements with start_date <= day < end_date (end
    exclusive, null end = open-ended); assigned = assigned - deactivated seats;
    activated = activated - deactivated seats that had been activated, all as
    running totals over the full event history (events before the first week of
    the window form the opening balance). QAL / MAL / RMAL are the events of the
    week; their week-over-week change is null in the pair's first week.
    An entitlement whose product family staging could not parse belongs to no
    pair and is left out (audit_field_issues lists it); one whose dates or seat
    count it could not parse makes its pair's entitled seats unknown: null in
    every week, with has_unreadable_entitlement set.
#}

with

weekly_events as (

    select * from {{ ref('int_license_events_aggregated_weekly') }}

),

entitlements as (

    select * from {{ ref('stg_product__seat_entitlements') }}
    where product_family is not null

),

unreadable_pairs as (

    select distinct
        account_id,
        product_family
    from entitlements
    where has_field_issues

),

dates as (

    select * from {{ ref('dim_dates') }}

),

weeks as (

    select distinct
        week_start_date,
        case
            when week_end_date > {{ as_of_date() }}
                then {{ as_of_date() }}
            else week_end_date
        end as snapshot_date
    from dates
    where
        week_start_date >= {{ window_start_date() }}
        and week_start_date <= {{ as_of_date() }}

),

first_week as (

    select min(week_start_date) as first_week_start_date
    from weeks

),

pair_starts as (

    select
        account_id,
        product_family,
        min(start_week_start_date) as start_week_start_date
    from (
        select
            entitlements.account_id,
            entitlements.product_family,
            dates.week_start_date as start_week_start_date
        from entitlements
        inner join dates
            on entitlements.start_date = dates.date_day
        where entitlements.start_date <= {{ as_of_date() }}
        union all
        select
            account_id,
            product_family,
            week_start_date as start_week_start_date
        from weekly_events
    ) as start_weeks
    group by account_id, product_family

),

spine as (

    select
        pair_starts.account_id,
        pair_starts.product_family,
        weeks.week_start_date,
        weeks.snapshot_date
    from pair_starts
    inner join weeks
        on pair_starts.start_week_start_date <= weeks.week_start_date

),

events_placed_in_window as (

    select
        weekly_events.*,
        case
            when weekly_events.week_start_date < first_week.first_week_start_date
                then first_week.first_week_start_date
            else weekly_events.week_start_date
        end as window_week_start_date
    from weekly_events
    cross join first_week

),

state_deltas as (

    select
        account_id,
        product_family,
        window_week_start_date as week_start_date,
        sum(assigned_events - deactivated_events) as assigned_delta,
        sum(activated_events - deactivated_activated_events) as activated_delta
    from events_placed_in_window
    group by account_id, product_family, window_week_start_date

),

entitled as (

    select
        spine.account_id,
        spine.product_family,
        spine.week_start_date,
        sum(entitlements.entitled_seats) as entitled_seats
    from spine
    inner join entitlements
        on
            spine.account_id = entitlements.account_id
            and spine.product_family = entitlements.product_family
            and spine.snapshot_date >= entitlements.start_date
            and (spine.snapshot_date < entitlements.end_date or entitlements.end_date is null)
    group by spine.account_id, spine.product_family, spine.week_start_date

),

joined as (

    select
        spine.account_id,
        spine.product_family,
        spine.week_start_date,
        spine.snapshot_date,
        case
            when unreadable_pairs.account_id is null then coalesce(entitled.entitled_seats, 0)
        end as entitled_seats,
        unreadable_pairs.account_id is not null as has_unreadable_entitlement,
        coalesce(state_deltas.assigned_delta, 0) as assigned_delta,
        coalesce(state_deltas.activated_delta, 0) as activated_delta,
        coalesce(weekly_events.qal_events, 0) as qal_count,
        coalesce(weekly_events.mal_events, 0) as mal_count,
        coalesce(weekly_events.rmal_events, 0) as rmal_count
    from spine
    left join entitled
        on
            spine.account_id = entitled.account_id
            and spine.product_family = entitled.product_family
            and spine.week_start_date = entitled.week_start_date
    left join unreadable_pairs
        on
            spine.account_id = unreadable_pairs.account_id
            and spine.product_family = unreadable_pairs.product_family
    left join state_deltas
        on
            spine.account_id = state_deltas.account_id
            and spine.product_family = state_deltas.product_family
            and spine.week_start_date = state_deltas.week_start_date
    left join weekly_events
        on
            spine.account_id = weekly_events.account_id
            and spine.product_family = weekly_events.product_family
            and spine.week_start_date = weekly_events.week_start_date

),

running as (

    select
        account_id,
        product_family,
        week_start_date,
        snapshot_date,
        entitled_seats,
        has_unreadable_entitlement,
        sum(assigned_delta) over (
            partition by account_id, product_family
            order by week_start_date
            rows between unbounded preceding and current row
        ) as assigned_seats,
        sum(activated_delta) over (
            partition by account_id, product_family
            order by week_start_date
            rows between unbounded preceding and current row
        ) as activated_seats,
        qal_count,
        mal_count,
        rmal_count,
        qal_count - lag(qal_count) over (
            partition by account_id, product_family order by week_start_date
        ) as qal_wow_change,
        mal_count - lag(mal_count) over (
            partition by account_id, product_family order by week_start_date
        ) as mal_wow_change,
        rmal_count - lag(rmal_count) over (
            partition by account_id, product_family order by week_start_date
        ) as rmal_wow_change
    from joined

),

rated as (

    select
        *,
        {{ ratio('assigned_seats', 'entitled_seats') }} as assignment_rate,
        {{ ratio('activated_seats', 'entitled_seats') }} as activation_rate
    from running

),

final as (

    select {{ contract_columns() }}
    from rated

)

select * from final
