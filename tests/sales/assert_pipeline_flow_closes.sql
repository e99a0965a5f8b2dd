-- The pipeline waterfall closes exactly for every period (fiscal quarter and week):
-- starting + created + pulled_in + increased - decreased - pushed_out - won - lost = ending.
-- Amounts are decimal(18, 2), so the comparison is exact. Returns the periods that do not close.

with

flow as (

    select * from {{ ref('rpt_pipeline_flow') }}

),

unbalanced as (

    select
        period_grain,
        period_start_date,
        starting_pipeline_amount,
        ending_pipeline_amount,
        starting_pipeline_amount + created_amount + pulled_in_amount + increased_amount
        - decreased_amount - pushed_out_amount - won_amount - lost_amount as computed_ending_amount
    from flow

)

select * from unbalanced
where computed_ending_amount <> ending_pipeline_amount
