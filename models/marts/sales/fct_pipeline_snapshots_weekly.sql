{#-
    Each open opportunity as it stood at the end of each week (weeks run
    Monday-Sunday, from the week of var('window_start_date') to the week of
    var('as_of_date')), rebuilt from int_opportunity_states_dated: the state
    valid at the end of the snapshot day, i.e. the last change on or before
    it. snapshot_date = week_end_date, or as_of_date for a week still running.
    A stage change mid-week shows from that week's snapshot on; a deal closed
    and later reopened drops out for the closed weeks and comes back.
    forecast_category is the one implied by the stage (opportunity_stages).
-#}

with

states as (

    select * from {{ ref('int_opportunity_states_dated') }}

),

opportunities as (

    select * from {{ ref('stg_crm__opportunities') }}

),

dates as (

    select * from {{ ref('dim_dates') }}

),

weeks as (

    select
        week_start_date,
        max(week_end_date) as week_end_date,
        max(date_day) as snapshot_date
    from dates
    where
        date_day >= {{ window_start_date() }}
        and date_day <= {{ as_of_date() }}
    group by week_start_date

),

snapshots as (

    select
        weeks.week_start_date,
        weeks.week_end_date,
        weeks.snapshot_date,
        states.opportunity_id,
        states.stage,
        states.stage_order,
        states.forecast_category,
        states.amount,
        round(cast(states.probability as decimal(18, 6)) / 100, 6) as probability,
        states.expected_close_date,
        states.valid_from_date as last_changed_date
    from weeks
    inner join states
        on {{ opportunity_state_at('weeks.snapshot_date') }}
    where states.is_open

),

enriched as (

    select
        snapshots.*,
        opportunities.account_id,
        opportunities.owner_rep_id,
        opportunities.opportunity_type,
        opportunities.customer_type,
        expected_close_dates.fiscal_quarter_start_date as expected_close_fiscal_quarter_start_date,
        snapshot_dates.fiscal_quarter_start_date as snapshot_fiscal_quarter_start_date,
        coalesce(
            expected_close_dates.fiscal_quarter_start_date = snapshot_dates.fiscal_quarter_start_date, false
        ) as is_expected_to_close_this_quarter,
        {{ dbt.datediff('snapshots.last_changed_date', 'snapshots.snapshot_date', 'day') }}
            as days_since_last_change
    from snapshots
    left join opportunities
        on snapshots.opportunity_id = opportunities.opportunity_id
    left join dates as expected_close_dates
        on snapshots.expected_close_date = expected_close_dates.date_day
    left join dates as snapshot_dates
        on snapshots.snapshot_date = snapshot_dates.date_day

),

final as (

    select {{ contract_columns() }}
    from enriched

)

select * from final
