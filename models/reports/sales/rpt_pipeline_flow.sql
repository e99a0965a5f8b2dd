{#-
    Pipeline waterfall per fiscal quarter and per week (weeks cut at quarter
    boundaries, so weekly rows of a quarter chain into the quarter row). The
    pipeline of a period is the open amount of opportunities expected to
    close in the period's fiscal quarter. starting = that pipeline at the end
    of the day before the period starts; ending = at the end of its last day
    (as_of_date for a running quarter). The buckets are the sums of
    int_pipeline_flow_events_classified over the change days of the period,
    so starting + created + pulled_in + increased - decreased - pushed_out -
    won - lost = ending exactly (tests/sales/assert_pipeline_flow_closes).
-#}

with

states as (

    select * from {{ ref('int_opportunity_states_dated') }}

),

events as (

    select * from {{ ref('int_pipeline_flow_events_classified') }}

),

dates as (

    select * from {{ ref('dim_dates') }}

),

window_days as (

    select *
    from dates
    where
        date_day >= {{ window_start_date() }}
        and date_day <= {{ as_of_date() }}

),

grains as (

    select 'fiscal_quarter' as period_grain
    union all
    select 'week' as period_grain

),

-- one row per fiscal quarter and one per week of it (weeks cut at the quarter's boundaries)
periods as (

    select
        grains.period_grain,
        min(window_days.date_day) as period_start_date,
        max(window_days.date_day) as period_end_date,
        window_days.fiscal_year,
        window_days.fiscal_quarter,
        window_days.fiscal_quarter_label,
        window_days.fiscal_quarter_start_date,
        window_days.fiscal_quarter_end_date,
        case when grains.period_grain = 'week' then window_days.week_start_date end as week_start_date
    from window_days
    cross join grains
    group by
        grains.period_grain,
        window_days.fiscal_year,
        window_days.fiscal_quarter,
        window_days.fiscal_quarter_label,
        window_days.fiscal_quarter_start_date,
        window_days.fiscal_quarter_end_date,
        case when grains.period_grain = 'week' then window_days.week_start_date end

),

cuts as (

    select 'starting' as cut
    union all
    select 'ending' as cut

),

-- a period's two cut days: the day before it starts (its starting pipeline) and its last day (its ending one)
cut_days as (

    select
        periods.period_grain,
        periods.period_start_date,
        periods.fiscal_quarter_start_date,
        periods.fiscal_quarter_end_date,
        cuts.cut,
        case
            when cuts.cut = 'starting'
                then cast({{ dbt.dateadd('day', -1, 'periods.period_start_date') }} as date)
            else periods.period_end_date
        end as cut_date
    from periods
    cross join cuts

),

-- the open pipeline of the period's fiscal quarter at the end of each cut day
pipeline_at_cut as (

    select
        cut_days.period_grain,
        cut_days.period_start_date,
        cut_days.cut,
        sum(states.amount) as pipeline_amount,
        count(*) as opportunities
    from cut_days
    inner join states
        on
            {{ opportunity_state_at('cut_days.cut_date') }}
            and states.is_open
            and cut_days.fiscal_quarter_start_date <= states.expected_close_date
            and cut_days.fiscal_quarter_end_date >= states.expected_close_date
    group by
        cut_days.period_grain,
        cut_days.period_start_date,
        cut_days.cut

),

flows as (

    select
        periods.period_grain,
        periods.period_start_date,
        sum(events.created_amount) as created_amount,
        sum(events.pulled_in_amount) as pulled_in_amount,
        sum(events.increased_amount) as increased_amount,
        sum(events.decreased_amount) as decreased_amount,
        sum(events.pushed_out_amount) as pushed_out_amount,
        sum(events.won_amount) as won_amount,
        sum(events.lost_amount) as lost_amount
    from periods
    inner join events
        on
            periods.period_start_date <= events.change_date
            and periods.period_end_date >= events.change_date
            and periods.fiscal_quarter_start_date = events.fiscal_quarter_start_date
    group by
        periods.period_grain,
        periods.period_start_date

),

joined as (

    select
        periods.period_grain,
        periods.period_start_date,
        periods.period_end_date,
        periods.fiscal_year,
        periods.fiscal_quarter,
        periods.fiscal_quarter_label,
        periods.fiscal_quarter_start_date,
        periods.fiscal_quarter_end_date,
        periods.week_start_date,
        coalesce(at_start.pipeline_amount, 0) as starting_pipeline_amount,
        coalesce(flows.created_amount, 0) as created_amount,
        coalesce(flows.pulled_in_amount, 0) as pulled_in_amount,
        coalesce(flows.increased_amount, 0) as increased_amount,
        coalesce(flows.decreased_amount, 0) as decreased_amount,
        coalesce(flows.pushed_out_amount, 0) as pushed_out_amount,
        coalesce(flows.won_amount, 0) as won_amount,
        coalesce(flows.lost_amount, 0) as lost_amount,
        coalesce(at_end.pipeline_amount, 0) as ending_pipeline_amount,
        coalesce(at_start.opportunities, 0) as starting_opportunities,
        coalesce(at_end.opportunities, 0) as ending_opportunities
    from periods
    left join pipeline_at_cut as at_start
        on
            periods.period_grain = at_start.period_grain
            and periods.period_start_date = at_start.period_start_date
            and at_start.cut = 'starting'
    left join flows
        on
            periods.period_grain = flows.period_grain
            and periods.period_start_date = flows.period_start_date
    left join pipeline_at_cut as at_end
        on
            periods.period_grain = at_end.period_grain
            and periods.period_start_date = at_end.period_start_date
            and at_end.cut = 'ending'

),

final as (

    select {{ contract_columns() }}
    from joined

)

select * from final
