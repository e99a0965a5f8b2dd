-- Question: how much of the pipeline expected to close this fiscal quarter (the quarter of
-- as_of_date) is stalled, in which stage, and how long has it sat there compared with the
-- historical median time in that stage?
-- Reads fct_opportunities (open deals, stalled flag, days in current stage) and rpt_stage_conversion
-- (historical median days in stage and advancement rate, all bands and segments).

with

opportunities as (

    select * from {{ ref('fct_opportunities') }}

),

stage_conversion as (

    select * from {{ ref('rpt_stage_conversion') }}

),

dates as (

    select * from {{ ref('dim_dates') }}

),

current_quarter as (

    select fiscal_quarter_start_date
    from dates
    where date_day = {{ as_of_date() }}

),

open_this_quarter as (

    select opportunities.*
    from opportunities
    inner join current_quarter
        on opportunities.close_fiscal_quarter_start_date = current_quarter.fiscal_quarter_start_date
    where opportunities.status = 'Open'

),

by_stage as (

    select
        current_stage,
        count(*) as open_opportunities,
        sum(amount) as open_amount,
        sum(case when is_stalled then 1 else 0 end) as stalled_opportunities,
        sum(case when is_stalled then amount else 0 end) as stalled_amount,
        avg(cast(days_in_current_stage as {{ dbt.type_float() }})) as avg_days_in_current_stage
    from open_this_quarter
    group by current_stage

),

answered as (

    select
        by_stage.current_stage,
        stage_conversion.stage_order,
        by_stage.open_opportunities,
        by_stage.open_amount,
        by_stage.stalled_opportunities,
        by_stage.stalled_amount,
        round(cast(by_stage.stalled_amount as decimal(18, 6)) / nullif(by_stage.open_amount, 0), 4)
            as stalled_share_of_amount,
        round(by_stage.avg_days_in_current_stage, 1) as avg_days_in_current_stage,
        stage_conversion.median_days_in_stage as historical_median_days_in_stage,
        stage_conversion.advancement_rate as historical_advancement_rate
    from by_stage
    left join stage_conversion
        on
            by_stage.current_stage = stage_conversion.stage
            and stage_conversion.deal_size_band = 'All'
            and stage_conversion.customer_type = 'All'

)

select * from answered
order by stage_order
