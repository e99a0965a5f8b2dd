{#-
    One row per rep x fiscal quarter in which the rep had a quota, closed an
    opportunity (owner, by close date) or logged an activity. Bookings = Won
    amount by close date; attainment = bookings / quota (null without quota;
    may exceed 1); win rates = Won / (Won + Lost) by count and by amount;
    average deal = mean Won amount; median cycle days of Won deals; activities
    by type (activity date's fiscal quarter); right-party-contact rate =
    calls with outcome Right Party Contact / calls. Leaderboard: dense_rank
    within quarter x role x region by attainment (highest first, no
    attainment last), ties broken by bookings (highest first) then rep_id.
    A deal or quota whose date staging could not parse belongs to no quarter.
-#}

with

opportunities as (

    select * from {{ ref('fct_opportunities') }}

),

quotas as (

    select * from {{ ref('stg_sales_ops__quotas') }}

),

activities as (

    select * from {{ ref('stg_crm__activities') }}

),

reps as (

    select * from {{ ref('dim_reps') }}

),

dates as (

    select * from {{ ref('dim_dates') }}

),

closed as (

    select
        owner_rep_id as rep_id,
        close_fiscal_quarter_start_date as fiscal_quarter_start_date,
        status,
        amount,
        cycle_days
    from opportunities
    where
        status in ('Won', 'Lost')
        and close_fiscal_quarter_start_date is not null

),

closed_summary as (

    select
        rep_id,
        fiscal_quarter_start_date,
        sum(case when status = 'Won' then 1 else 0 end) as won_count,
        sum(case when status = 'Lost' then 1 else 0 end) as lost_count,
        sum(case when status = 'Won' then amount else 0 end) as bookings_amount,
        sum(case when status = 'Lost' then amount else 0 end) as lost_amount,
        -- the percentile skips the other deals' nulls: the median over Won deals only
        round(
            cast({{ percentile_cont("case when status = 'Won' then cycle_days end", 0.5) }} as decimal(18, 4)), 2
        ) as median_cycle_days
    from closed
    group by rep_id, fiscal_quarter_start_date

),

quota_summary as (

    select
        rep_id,
        fiscal_quarter_start as fiscal_quarter_start_date,
        sum(quota_amount) as quota_amount
    from quotas
    where fiscal_quarter_start is not null
    group by rep_id, fiscal_quarter_start

),

activities_dated as (

    select
        activities.rep_id,
        dates.fiscal_quarter_start_date,
        activities.activity_type,
        activities.outcome
    from activities
    inner join dates
        on cast(activities.activity_at as date) = dates.date_day

),

activity_summary as (

    select
        rep_id,
        fiscal_quarter_start_date,
        count(*) as activity_count,
        sum(case when activity_type = 'Email' then 1 else 0 end) as email_count,
        sum(case when activity_type = 'Call' then 1 else 0 end) as call_count,
        sum(case when activity_type = 'Meeting' then 1 else 0 end) as meeting_count,
        sum(case when activity_type = 'Demo' then 1 else 0 end) as demo_count,
        sum(
            case when activity_type = 'Call' and outcome = 'Right Party Contact' then 1 else 0 end
        ) as right_party_contact_count
    from activities_dated
    group by rep_id, fiscal_quarter_start_date

),

rep_quarters as (

    select
        rep_id,
        fiscal_quarter_start_date
    from closed_summary
    union
    select
        rep_id,
        fiscal_quarter_start_date
    from quota_summary
    union
    select
        rep_id,
        fiscal_quarter_start_date
    from activity_summary

),

quarters as (

    select distinct
        fiscal_quarter_start_date,
        fiscal_year,
        fiscal_quarter,
        fiscal_quarter_label
    from dates

),

joined as (

    select
        rep_quarters.rep_id,
        reps.rep_name,
        reps.role,
        reps.region,
        rep_quarters.fiscal_quarter_start_date,
        quarters.fiscal_year,
        quarters.fiscal_quarter,
        quarters.fiscal_quarter_label,
        coalesce(closed_summary.bookings_amount, 0) as bookings_amount,
        quota_summary.quota_amount,
        coalesce(closed_summary.won_count, 0) as won_count,
        coalesce(closed_summary.lost_count, 0) as lost_count,
        coalesce(closed_summary.lost_amount, 0) as lost_amount,
        closed_summary.median_cycle_days,
        coalesce(activity_summary.activity_count, 0) as activity_count,
        coalesce(activity_summary.email_count, 0) as email_count,
        coalesce(activity_summary.call_count, 0) as call_count,
        coalesce(activity_summary.meeting_count, 0) as meeting_count,
        coalesce(activity_summary.demo_count, 0) as demo_count,
        coalesce(activity_summary.right_party_contact_count, 0) as right_party_contact_count
    from rep_quarters
    left join reps
        on rep_quarters.rep_id = reps.rep_id
    left join quarters
        on rep_quarters.fiscal_quarter_start_date = quarters.fiscal_quarter_start_date
    left join closed_summary
        on
            rep_quarters.rep_id = closed_summary.rep_id
            and rep_quarters.fiscal_quarter_start_date = closed_summary.fiscal_quarter_start_date
    left join quota_summary
        on
            rep_quarters.rep_id = quota_summary.rep_id
            and rep_quarters.fiscal_quarter_start_date = quota_summary.fiscal_quarter_start_date
    left join activity_summary
        on
            rep_quarters.rep_id = activity_summary.rep_id
            and rep_quarters.fiscal_quarter_start_date = activity_summary.fiscal_quarter_start_date

),

measures as (

    select
        *,
        {{ ratio('bookings_amount', 'quota_amount') }} as attainment,
        {{ win_rate('won_count', 'lost_count') }} as win_rate_by_count,
        {{ win_rate('bookings_amount', 'lost_amount') }} as win_rate_by_amount,
        {{ ratio('bookings_amount', 'won_count', 2) }} as average_deal_amount,
        {{ ratio('right_party_contact_count', 'call_count') }} as right_party_contact_rate
    from joined

),

ranked as (

    select
        *,
        dense_rank() over (
            partition by fiscal_quarter_start_date, role, region
            order by
                case when attainment is null then 1 else 0 end asc,
                attainment desc,
                bookings_amount desc,
                rep_id asc
        ) as leaderboard_rank
    from measures

),

final as (

    select {{ contract_columns() }}
    from ranked

)

select * from final
