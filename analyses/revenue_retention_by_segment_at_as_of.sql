-- Question: at as_of_date, which segment (customer type x region) keeps its
-- revenue best, and where does churned ARR concentrate over the last twelve
-- months? Read alongside the company line of rpt_retention.

with

segment_retention as (

    select * from {{ ref('rpt_retention_by_segment') }}

),

company_retention as (

    select * from {{ ref('rpt_retention') }}

),

as_of_month as (

    select max(month_start_date) as month_start_date
    from company_retention

),

segments_at_as_of as (

    select
        segment_retention.customer_type,
        segment_retention.region,
        segment_retention.base_customers,
        segment_retention.base_arr,
        segment_retention.gross_revenue_retention_rate,
        segment_retention.net_revenue_retention_rate,
        segment_retention.logo_retention_rate,
        segment_retention.trailing_12m_churned_arr,
        segment_retention.quick_ratio,
        company_retention.gross_revenue_retention_rate as company_gross_revenue_retention_rate,
        company_retention.net_revenue_retention_rate as company_net_revenue_retention_rate
    from segment_retention
    inner join as_of_month
        on segment_retention.month_start_date = as_of_month.month_start_date
    inner join company_retention
        on segment_retention.month_start_date = company_retention.month_start_date
    where segment_retention.base_customers > 0

)

select * from segments_at_as_of
order by net_revenue_retention_rate desc
