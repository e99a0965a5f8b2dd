-- Weekly rows of a fiscal quarter chain into the quarter row: the first week starts with the
-- quarter's starting pipeline, the last week ends with its ending pipeline, and every bucket summed
-- over the weeks equals the quarter's bucket. Returns the quarters where any of this fails.

with

flow as (

    select * from {{ ref('rpt_pipeline_flow') }}

),

quarters as (

    select * from flow
    where period_grain = 'fiscal_quarter'

),

weeks as (

    select
        fiscal_quarter_start_date,
        min(period_start_date) as first_week_start_date,
        max(period_start_date) as last_week_start_date,
        sum(created_amount) as created_amount,
        sum(pulled_in_amount) as pulled_in_amount,
        sum(increased_amount) as increased_amount,
        sum(decreased_amount) as decreased_amount,
        sum(pushed_out_amount) as pushed_out_amount,
        sum(won_amount) as won_amount,
        sum(lost_amount) as lost_amount
    from flow
    where period_grain = 'week'
    group by fiscal_quarter_start_date

),

first_weeks as (

    select
        flow.fiscal_quarter_start_date,
        flow.starting_pipeline_amount
    from flow
    inner join weeks
        on
            flow.fiscal_quarter_start_date = weeks.fiscal_quarter_start_date
            and flow.period_start_date = weeks.first_week_start_date
    where flow.period_grain = 'week'

),

last_weeks as (

    select
        flow.fiscal_quarter_start_date,
        flow.ending_pipeline_amount
    from flow
    inner join weeks
        on
            flow.fiscal_quarter_start_date = weeks.fiscal_quarter_start_date
            and flow.period_start_date = weeks.last_week_start_date
    where flow.period_grain = 'week'

),

compared as (

    select
        quarters.fiscal_quarter_start_date,
        quarters.starting_pipeline_amount,
        first_weeks.starting_pipeline_amount as first_week_starting_amount,
        quarters.ending_pipeline_amount,
        last_weeks.ending_pipeline_amount as last_week_ending_amount
    from quarters
    left join weeks
        on quarters.fiscal_quarter_start_date = weeks.fiscal_quarter_start_date
    left join first_weeks
        on quarters.fiscal_quarter_start_date = first_weeks.fiscal_quarter_start_date
    left join last_weeks
        on quarters.fiscal_quarter_start_date = last_weeks.fiscal_quarter_start_date
    where
        weeks.fiscal_quarter_start_date is null
        or quarters.starting_pipeline_amount <> first_weeks.starting_pipeline_amount
        or quarters.ending_pipeline_amount <> last_weeks.ending_pipeline_amount
        or quarters.created_amount <> weeks.created_amount
        or quarters.pulled_in_amount <> weeks.pulled_in_amount
        or quarters.increased_amount <> weeks.increased_amount
        or quarters.decreased_amount <> weeks.decreased_amount
        or quarters.pushed_out_amount <> weeks.pushed_out_amount
        or quarters.won_amount <> weeks.won_amount
        or quarters.lost_amount <> weeks.lost_amount

)

select * from compared
