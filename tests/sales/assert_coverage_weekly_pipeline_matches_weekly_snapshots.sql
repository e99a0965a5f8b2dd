-- On every day that is both a weekly coverage snapshot and a fct_pipeline_snapshots_weekly snapshot, the
-- coverage pipeline (all segments) equals the sum of the weekly snapshot rows expected to close in that
-- quarter: the two reconstructions of stage history agree.

with

coverage as (

    select
        snapshot_date,
        fiscal_quarter_start_date,
        sum(pipeline_amount) as coverage_amount
    from {{ ref('rpt_pipeline_coverage') }}
    where snapshot_grain = 'weekly'
    group by snapshot_date, fiscal_quarter_start_date

),

snapshots as (

    select
        snapshot_date,
        sum(case when is_expected_to_close_this_quarter then amount else 0 end) as snapshot_amount
    from {{ ref('fct_pipeline_snapshots_weekly') }}
    group by snapshot_date

),

compared as (

    select
        coverage.snapshot_date,
        coverage.coverage_amount,
        snapshots.snapshot_amount
    from coverage
    inner join snapshots
        on coverage.snapshot_date = snapshots.snapshot_date

)

select * from compared
where coverage_amount <> snapshot_amount
