{#-
    Pipeline coverage by fiscal quarter x region x customer type x sales
    motion, at the beginning of the quarter (snapshot_grain 'boq',
    week_of_quarter 0: end of the day before the quarter starts) and at the
    end of each week of the quarter (snapshot_grain 'weekly', weeks 1-14 of
    dim_dates.week_of_fiscal_quarter; the running week is taken at
    as_of_date). Pipeline = open opportunities at the snapshot whose expected
    close date falls inside the quarter (int_opportunity_snapshots_quarter_dated);
    region = the owner rep's region, sales motion = opportunity_type.
    QRF = sum of quota_amount (stg_sales_ops__quotas) of the quarter and
    segment. coverage = pipeline / QRF, gap = QRF - pipeline, gap_ratio =
    gap / QRF (null when QRF is 0). Every segment seen in quotas or pipeline
    gets a row for every snapshot point (zeros where nothing is open).
    trailing_4q_boq_avg_coverage: mean BOQ coverage of the four previous
    fiscal quarters of the same segment, null unless all four exist with a
    non-null coverage; carried on every row of the quarter.
-#}

with

points as (

    select * from {{ ref('int_quarter_snapshot_dates_spined') }}

),

snapshots as (

    select * from {{ ref('int_opportunity_snapshots_quarter_dated') }}

),

quotas as (

    select * from {{ ref('stg_sales_ops__quotas') }}

),

qrf as (

    select
        fiscal_quarter_start as fiscal_quarter_start_date,
        region,
        customer_type,
        sales_motion,
        sum(quota_amount) as qrf_amount
    from quotas
    group by fiscal_quarter_start, region, customer_type, sales_motion

),

pipeline as (

    select
        fiscal_quarter_start_date,
        week_of_quarter,
        region,
        customer_type,
        sales_motion,
        count(*) as pipeline_count,
        sum(amount) as pipeline_amount
    from snapshots
    where is_expected_to_close_in_quarter
    group by fiscal_quarter_start_date, week_of_quarter, region, customer_type, sales_motion

),

segments as (

    select
        region,
        customer_type,
        sales_motion
    from qrf
    union
    select
        region,
        customer_type,
        sales_motion
    from pipeline

),

spine as (

    select
        points.*,
        segments.region,
        segments.customer_type,
        segments.sales_motion
    from points
    cross join segments

),

joined as (

    select
        spine.*,
        coalesce(pipeline.pipeline_count, 0) as pipeline_count,
        cast(coalesce(pipeline.pipeline_amount, 0) as decimal(18, 2)) as pipeline_amount,
        cast(coalesce(qrf.qrf_amount, 0) as decimal(18, 2)) as qrf_amount
    from spine
    left join pipeline
        on
            spine.fiscal_quarter_start_date = pipeline.fiscal_quarter_start_date
            and spine.week_of_quarter = pipeline.week_of_quarter
            and spine.region = pipeline.region
            and spine.customer_type = pipeline.customer_type
            and spine.sales_motion = pipeline.sales_motion
    left join qrf
        on
            spine.fiscal_quarter_start_date = qrf.fiscal_quarter_start_date
            and spine.region = qrf.region
            and spine.customer_type = qrf.customer_type
            and spine.sales_motion = qrf.sales_motion

),

ratios as (

    select
        *,
        qrf_amount - pipeline_amount as gap_amount,
        {{ ratio('pipeline_amount', 'qrf_amount') }} as coverage,
        {{ ratio('qrf_amount - pipeline_amount', 'qrf_amount') }} as gap_ratio
    from joined

),

boq_trailing as (

    select
        fiscal_quarter_start_date,
        region,
        customer_type,
        sales_motion,
        count(coverage) over (
            partition by region, customer_type, sales_motion
            order by fiscal_quarter_start_date
            rows between 4 preceding and 1 preceding
        ) as trailing_boq_quarter_count,
        avg(coverage) over (
            partition by region, customer_type, sales_motion
            order by fiscal_quarter_start_date
            rows between 4 preceding and 1 preceding
        ) as trailing_boq_avg_coverage
    from ratios
    where snapshot_grain = 'boq'

),

with_trailing as (

    select
        ratios.*,
        case
            when boq_trailing.trailing_boq_quarter_count = 4
                then {{ round_half_away('boq_trailing.trailing_boq_avg_coverage') }}
        end as trailing_4q_boq_avg_coverage
    from ratios
    left join boq_trailing
        on
            ratios.fiscal_quarter_start_date = boq_trailing.fiscal_quarter_start_date
            and ratios.region = boq_trailing.region
            and ratios.customer_type = boq_trailing.customer_type
            and ratios.sales_motion = boq_trailing.sales_motion

),

final as (

    select {{ contract_columns() }}
    from with_trailing

)

select * from final
