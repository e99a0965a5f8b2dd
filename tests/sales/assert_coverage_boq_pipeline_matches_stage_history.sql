-- The BOQ pipeline of rpt_pipeline_coverage equals the open opportunities rebuilt independently from
-- int_opportunity_states_dated at the end of the day before each quarter, expected to close in the quarter,
-- summed per region x customer type x sales motion.

with

coverage as (

    select * from {{ ref('rpt_pipeline_coverage') }}
    where snapshot_grain = 'boq'

),

states as (

    select * from {{ ref('int_opportunity_states_dated') }}

),

opportunities as (

    select * from {{ ref('fct_opportunities') }}

),

boq_dates as (

    select distinct
        fiscal_quarter_start_date,
        fiscal_quarter_end_date,
        snapshot_date
    from coverage

),

rebuilt as (

    select
        boq_dates.fiscal_quarter_start_date,
        coalesce(opportunities.owner_region, opportunities.territory_region, 'Unknown') as region,
        coalesce(opportunities.customer_type, 'Unknown') as customer_type,
        coalesce(opportunities.opportunity_type, 'Unknown') as sales_motion,
        sum(states.amount) as pipeline_amount
    from boq_dates
    inner join states
        on
            boq_dates.snapshot_date >= states.valid_from_date
            and (states.valid_to_date is null or boq_dates.snapshot_date < states.valid_to_date)
            and states.is_open
            and boq_dates.fiscal_quarter_start_date <= states.expected_close_date
            and boq_dates.fiscal_quarter_end_date >= states.expected_close_date
    left join opportunities
        on states.opportunity_id = opportunities.opportunity_id
    group by 1, 2, 3, 4

),

compared as (

    select
        coalesce(rebuilt.fiscal_quarter_start_date, coverage.fiscal_quarter_start_date) as fiscal_quarter_start_date,
        coalesce(rebuilt.region, coverage.region) as region,
        coalesce(rebuilt.customer_type, coverage.customer_type) as customer_type,
        coalesce(rebuilt.sales_motion, coverage.sales_motion) as sales_motion,
        coalesce(rebuilt.pipeline_amount, 0) as rebuilt_amount,
        coalesce(coverage.pipeline_amount, 0) as coverage_amount
    from rebuilt
    full outer join coverage
        on
            rebuilt.fiscal_quarter_start_date = coverage.fiscal_quarter_start_date
            and rebuilt.region = coverage.region
            and rebuilt.customer_type = coverage.customer_type
            and rebuilt.sales_motion = coverage.sales_motion

)

select * from compared
where rebuilt_amount <> coverage_amount
