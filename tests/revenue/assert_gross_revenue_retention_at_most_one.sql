-- GRR can never exceed 100%: the retained ARR of an account is capped at its
-- ARR twelve months earlier. Checked for the company, every segment and every
-- cohort cell.
with

company as (

    select
        'company' as source_model,
        month_start_date,
        gross_revenue_retention_rate
    from {{ ref('rpt_retention') }}

),

segments as (

    select
        'segment' as source_model,
        month_start_date,
        gross_revenue_retention_rate
    from {{ ref('rpt_retention_by_segment') }}

),

cohorts as (

    select
        'cohort' as source_model,
        month_start_date,
        gross_revenue_retention_rate
    from {{ ref('rpt_retention_cohorts') }}

),

all_rates as (

    select * from company
    union all
    select * from segments
    union all
    select * from cohorts

),

broken as (

    select *
    from all_rates
    where gross_revenue_retention_rate > 1

)

select * from broken
