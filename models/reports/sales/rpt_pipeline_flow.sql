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
        date_day >= cast('{{ var("window_start_date") }}' as date)
        and date_day <= {{ as_of_date() }}

),

quarter_periods as (

    select
        'fiscal_quarter' as period_grain,
        min(date_day) as period_start_date,
        max(date_day) as period_end_date,
        fiscal_year,
        fiscal_quarter,
        fiscal_quarter_label,
        fiscal_quarter_start_date,
        fiscal_quarter_end_date,
        cast(null as date) as week_start_date
    from window_days
    group by
        fiscal_year,
        fiscal_quarter,
        fiscal_quarter_label,
        fiscal_quarter_start_date,
        fiscal_quarter_end_date

),

week_periods as (

    select
        'week' as period_grain,
        min(date_day) as period_start_date,
        max(date_day) as period_end_date,
        fiscal_year,
        fiscal_quarter,
        fiscal_quarter_label,
        fiscal_quarter_start_date,
        fiscal_quarter_end_date,
        week_start_date
    from window_days
    group by
        fiscal_year,
        fiscal_quarter,
        fiscal_quarter_label,
        fiscal_quarter_start_date,
        fiscal_quarter_end_date,
        week_start_date

),

periods as (

    select * from quarter_periods
    union all
    select * from week_periods

),

starting as (

    select
        periods.period_grain,
        periods.period_start_date,
        sum(states.amount) as starting_pipeline_amount,
        count(*) as starting_opportunities
    from periods
    inner join states
        on
            periods.period_start_date > states.valid_from_date
            and (states.valid_to_date is null or periods.period_start_date <= states.valid_to_date)
            and states.is_open
            and periods.fiscal_quarter_start_date <= states.expected_close_date
            and periods.fiscal_quarter_end_date >= states.expected_close_date
    group by
        periods.period_grain,
        periods.period_start_date

),

ending as (

    select
        periods.period_grain,
        periods.period_start_date,
        sum(states.amount) as ending_pipeline_amount,
        count(*) as ending_opportunities
    from periods
    inner join states
        on
            periods.period_end_date >= states.valid_from_date
            and (states.valid_to_date is null or periods.period_end_date < states.valid_to_date)
            and states.is_open
            and periods.fiscal_quarter_start_date <= states.expected_close_date
            and periods.fiscal_quarter_end_date >= states.expected_close_date
    group by
        periods.period_grain,
        periods.period_start_date

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
        coalesce(starting.starting_pipeline_amount, 0) as starting_pipeline_amount,
        coalesce(flows.created_amount, 0) as created_amount,
        coalesce(flows.pulled_in_amount, 0) as pulled_in_amount,
        coalesce(flows.increased_amount, 0) as increased_amount,
        coalesce(flows.decreased_amount, 0) as decreased_amount,
        coalesce(flows.pushed_out_amount, 0) as pushed_out_amount,
        coalesce(flows.won_amount, 0) as won_amount,
        coalesce(flows.lost_amount, 0) as lost_amount,
        coalesce(ending.ending_pipeline_amount, 0) as ending_pipeline_amount,
        coalesce(starting.starting_opportunities, 0) as starting_opportunities,
        coalesce(ending.ending_opportunities, 0) as ending_opportunities
    from periods
    left join starting
        on
            periods.period_grain = starting.period_grain
            and periods.period_start_date = starting.period_start_date
    left join flows
        on
            periods.period_grain = flows.period_grain
            and periods.period_start_date = flows.period_start_date
    left join ending
        on
            periods.period_grain = ending.period_grain
            and periods.period_start_date = ending.period_start_date

),

final as (

    select {{ contract_columns() }}
    from joined

)

select * from final
