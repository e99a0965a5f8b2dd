{#
    Raw health measures per paying account x month (ARR > 0 at the month end,
    months from window_start_date to as_of_date), each measured at the month's
    snapshot date (last day, or as_of_date) with data known on that day:
    - activation: activated / entitled seats over all product families, at the
      last week observed on or before the snapshot (the partial current week
      when as_of_date falls mid-week);
    - usage: QAL + MAL events of the last 4 weeks and of the 4 weeks before,
      and last-4-week QAL + MAL per entitled seat;
    - support: tickets that were High priority and created in the trailing
      var('health_support_window_days') days, or open on the snapshot date
      (created by then and not resolved by then);
    - financial: ARR now and var('health_financial_lookback_months') months ago;
    - tenure: days live on the snapshot date, counted from the account's first
      paid day (dim_accounts.first_paid_date; 1 on that day);
    - commercial: open Expansion / Renewal pipeline on the snapshot date
      (created by then, not closed by then) and deals lost in the trailing
      var('health_lost_deal_window_days') days.
#}
{{ config(
    schema='intermediate', materialized='view', access='protected',
    contract={'enforced': false},
    grants=({'select': []} if target.type == 'postgres' else {})
) }}
{%- set support_window_days = var('health_support_window_days') | int -%}
{%- set financial_lookback_months = var('health_financial_lookback_months') | int -%}
{%- set lost_window_days = var('health_lost_deal_window_days') | int -%}

with

arr_monthly as (

    select * from {{ ref('fct_arr_monthly') }}

),

seat_usage as (

    select * from {{ ref('fct_seat_usage_weekly') }}

),

tickets as (

    select * from {{ ref('fct_support_tickets') }}

),

opportunities as (

    select * from {{ ref('stg_crm__opportunities') }}

),

accounts as (

    select * from {{ ref('dim_accounts') }}

),

account_months as (

    select
        account_id,
        month_start_date,
        snapshot_date,
        month_number,
        arr
    from arr_monthly
    where
        arr > 0
        and month_start_date >= {{ window_start_date() }}

),

account_weeks as (

    select
        account_id,
        week_start_date,
        snapshot_date,
        -- unknown when any family's entitlement is unreadable (fct_seat_usage_weekly.has_unreadable_entitlement)
        case when count(*) = count(entitled_seats) then sum(entitled_seats) end as entitled_seats,
        sum(activated_seats) as activated_seats,
        sum(qal_count + mal_count) as active_usage_events
    from seat_usage
    group by account_id, week_start_date, snapshot_date

),

account_weeks_windowed as (

    select
        *,
        count(*) over (
            partition by account_id order by week_start_date
            rows between 7 preceding and current row
        ) as weeks_observed,
        sum(active_usage_events) over (
            partition by account_id order by week_start_date
            rows between 3 preceding and current row
        ) as usage_last_4_weeks,
        sum(active_usage_events) over (
            partition by account_id order by week_start_date
            rows between 7 preceding and 4 preceding
        ) as usage_prior_4_weeks
    from account_weeks

),

usage_weeks_at_month_end as (

    -- the weeks whose snapshot falls in the 7 days up to the month snapshot: one full week, plus the
    -- current partial week when the snapshot is an as_of_date that is not a Sunday
    select
        account_months.account_id,
        account_months.month_start_date,
        account_weeks_windowed.entitled_seats,
        account_weeks_windowed.activated_seats,
        account_weeks_windowed.usage_last_4_weeks,
        case
            when account_weeks_windowed.weeks_observed = 8 then account_weeks_windowed.usage_prior_4_weeks
        end as usage_prior_4_weeks,
        row_number() over (
            partition by account_months.account_id, account_months.month_start_date
            order by account_weeks_windowed.snapshot_date desc
        ) as recency_rank
    from account_months
    inner join account_weeks_windowed
        on
            account_months.account_id = account_weeks_windowed.account_id
            and account_months.snapshot_date >= account_weeks_windowed.snapshot_date
            and {{ dbt.dateadd('day', -7, 'account_months.snapshot_date') }}
            < account_weeks_windowed.snapshot_date

),

usage_at_month_end as (

    -- the latest of them: the last week observed on or before the month snapshot
    select * from usage_weeks_at_month_end
    where recency_rank = 1

),

support_at_month_end as (

    select
        account_months.account_id,
        account_months.month_start_date,
        count(*) as load_tickets
    from account_months
    inner join tickets
        on
            account_months.account_id = tickets.account_id
            and account_months.snapshot_date >= tickets.created_date
            and (
                (
                    tickets.priority = 'High'
                    and tickets.created_date
                    > {{ dbt.dateadd('day', -support_window_days, 'account_months.snapshot_date') }}
                )
                or tickets.resolved_date is null
                or account_months.snapshot_date < tickets.resolved_date
            )
    group by account_months.account_id, account_months.month_start_date

),

financial_at_month_end as (

    select
        account_months.account_id,
        account_months.month_start_date,
        earlier.arr as arr_lookback
    from account_months
    inner join arr_monthly as earlier
        on
            account_months.account_id = earlier.account_id
            and account_months.month_number - {{ financial_lookback_months }} = earlier.month_number

),

account_month_opportunities as (

    select
        account_months.account_id,
        account_months.month_start_date,
        opportunities.opportunity_type,
        opportunities.amount,
        opportunities.status = 'Open' or opportunities.close_date > account_months.snapshot_date
            as is_open_at_month_end,
        opportunities.status = 'Lost'
        and opportunities.opportunity_type in ('Expansion', 'Renewal')
        and opportunities.close_date <= account_months.snapshot_date
        and opportunities.close_date > {{ dbt.dateadd('day', -lost_window_days, 'account_months.snapshot_date') }}
            as is_lost_in_window
    from account_months
    inner join opportunities
        on
            account_months.account_id = opportunities.account_id
            and account_months.snapshot_date >= opportunities.created_date

),

commercial_at_month_end as (

    select
        account_id,
        month_start_date,
        sum(case when opportunity_type = 'Expansion' and is_open_at_month_end then amount else 0 end)
            as open_expansion_amount,
        sum(case when opportunity_type = 'Renewal' and is_open_at_month_end then amount else 0 end)
            as open_renewal_amount,
        sum(case when is_lost_in_window then amount else 0 end) as lost_amount,
        sum(case when is_lost_in_window then 1 else 0 end) as lost_deals
    from account_month_opportunities
    group by account_id, month_start_date

),

joined as (

    select
        account_months.account_id,
        account_months.month_start_date,
        account_months.snapshot_date,
        account_months.month_number,
        account_months.arr,
        {{ dbt.datediff('accounts.first_paid_date', 'account_months.snapshot_date', 'day') }}
        + 1 as days_live,
        usage_at_month_end.entitled_seats,
        usage_at_month_end.activated_seats,
        usage_at_month_end.usage_last_4_weeks,
        usage_at_month_end.usage_prior_4_weeks,
        coalesce(support_at_month_end.load_tickets, 0) as support_load_tickets,
        financial_at_month_end.arr_lookback,
        coalesce(commercial_at_month_end.open_expansion_amount, 0) as open_expansion_amount,
        coalesce(commercial_at_month_end.open_renewal_amount, 0) as open_renewal_amount,
        coalesce(commercial_at_month_end.lost_amount, 0) as lost_amount,
        coalesce(commercial_at_month_end.lost_deals, 0) as lost_deals
    from account_months
    left join accounts
        on account_months.account_id = accounts.account_id
    left join usage_at_month_end
        on
            account_months.account_id = usage_at_month_end.account_id
            and account_months.month_start_date = usage_at_month_end.month_start_date
    left join support_at_month_end
        on
            account_months.account_id = support_at_month_end.account_id
            and account_months.month_start_date = support_at_month_end.month_start_date
    left join financial_at_month_end
        on
            account_months.account_id = financial_at_month_end.account_id
            and account_months.month_start_date = financial_at_month_end.month_start_date
    left join commercial_at_month_end
        on
            account_months.account_id = commercial_at_month_end.account_id
            and account_months.month_start_date = commercial_at_month_end.month_start_date

)

select * from joined
