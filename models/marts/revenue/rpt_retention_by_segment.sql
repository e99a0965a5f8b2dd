{#
    rpt_retention cut by customer_type and region (the account's current
    segment in dim_accounts): one row per month x customer_type x region for
    every segment that ever paid. Same formulas as rpt_retention; the base of
    month t is the segment's accounts with ARR > 0 twelve months earlier.
#}

with

months as (

    select * from {{ ref('int_arr_months_spined') }}

),

movements as (

    select * from {{ ref('fct_arr_movements') }}

),

segments as (

    select distinct
        coalesce(customer_type, 'Unknown') as customer_type,
        coalesce(region, 'Unknown') as region
    from movements
    where is_paying

),

segmented_movements as (

    select
        *,
        coalesce(customer_type, 'Unknown') as segment_customer_type,
        coalesce(region, 'Unknown') as segment_region
    from movements

),

base_accounts as (

    select
        current_month.month_start_date,
        current_month.segment_customer_type,
        current_month.segment_region,
        prior_month.arr as base_arr,
        current_month.arr as current_arr,
        case when current_month.arr < prior_month.arr then current_month.arr else prior_month.arr end
            as retained_arr
    from segmented_movements as current_month
    inner join segmented_movements as prior_month
        on
            current_month.account_id = prior_month.account_id
            and current_month.month_number - 12 = prior_month.month_number
    where prior_month.arr > 0

),

base_by_month as (

    select
        month_start_date,
        segment_customer_type,
        segment_region,
        sum(base_arr) as base_arr,
        sum(retained_arr) as gross_retained_arr,
        sum(current_arr) as net_retained_arr,
        count(*) as base_customers,
        sum(case when current_arr > 0 then 1 else 0 end) as retained_customers
    from base_accounts
    group by month_start_date, segment_customer_type, segment_region

),

trailing_movements as (

    select
        months.month_start_date,
        segmented_movements.segment_customer_type,
        segmented_movements.segment_region,
        sum(segmented_movements.new_arr) as new_arr,
        sum(segmented_movements.expansion_arr) as expansion_arr,
        sum(segmented_movements.reactivation_arr) as reactivation_arr,
        sum(segmented_movements.contraction_arr) as contraction_arr,
        sum(segmented_movements.churned_arr) as churned_arr,
        sum(case when segmented_movements.month_number = months.month_number then segmented_movements.arr end)
            as ending_arr,
        sum(
            case
                when segmented_movements.month_number = months.month_number and segmented_movements.is_paying then 1
            end
        ) as ending_customers
    from months
    inner join segmented_movements
        on
            months.month_number >= segmented_movements.month_number
            and months.month_number - 12 < segmented_movements.month_number
    group by months.month_start_date, segmented_movements.segment_customer_type, segmented_movements.segment_region

),

first_month as (

    select min(month_number) as first_month_number
    from months

),

grid as (

    select
        months.month_start_date,
        months.month_end_date,
        months.month_number - 12 >= first_month.first_month_number as has_full_trailing_year,
        segments.customer_type,
        segments.region
    from months
    cross join first_month
    cross join segments

),

joined as (

    select
        grid.*,
        coalesce(base_by_month.base_arr, 0) as base_arr,
        coalesce(base_by_month.gross_retained_arr, 0) as gross_retained_arr,
        coalesce(base_by_month.net_retained_arr, 0) as net_retained_arr,
        coalesce(base_by_month.base_customers, 0) as base_customers,
        coalesce(base_by_month.retained_customers, 0) as retained_customers,
        coalesce(trailing_movements.ending_arr, 0) as ending_arr,
        coalesce(trailing_movements.ending_customers, 0) as ending_customers,
        coalesce(trailing_movements.new_arr, 0) as trailing_12m_new_arr,
        coalesce(trailing_movements.expansion_arr, 0) as trailing_12m_expansion_arr,
        coalesce(trailing_movements.reactivation_arr, 0) as trailing_12m_reactivation_arr,
        coalesce(trailing_movements.contraction_arr, 0) as trailing_12m_contraction_arr,
        coalesce(trailing_movements.churned_arr, 0) as trailing_12m_churned_arr
    from grid
    left join base_by_month
        on
            grid.month_start_date = base_by_month.month_start_date
            and grid.customer_type = base_by_month.segment_customer_type
            and grid.region = base_by_month.segment_region
    left join trailing_movements
        on
            grid.month_start_date = trailing_movements.month_start_date
            and grid.customer_type = trailing_movements.segment_customer_type
            and grid.region = trailing_movements.segment_region

),

final as (

    select
        cast(month_start_date as date) as month_start_date,
        cast(month_end_date as date) as month_end_date,
        cast(customer_type as {{ dbt.type_string() }}) as customer_type,
        cast(region as {{ dbt.type_string() }}) as region,
        cast(has_full_trailing_year as boolean) as has_full_trailing_year,
        cast(ending_customers as integer) as ending_customers,
        cast(ending_arr as decimal(18, 2)) as ending_arr,
        cast(base_customers as integer) as base_customers,
        cast(retained_customers as integer) as retained_customers,
        cast(base_arr as decimal(18, 2)) as base_arr,
        cast(gross_retained_arr as decimal(18, 2)) as gross_retained_arr,
        cast(net_retained_arr as decimal(18, 2)) as net_retained_arr,
        cast(round(cast(gross_retained_arr as decimal(18, 6)) / nullif(base_arr, 0), 6) as decimal(18, 6))
            as gross_revenue_retention_rate,
        cast(round(cast(net_retained_arr as decimal(18, 6)) / nullif(base_arr, 0), 6) as decimal(18, 6))
            as net_revenue_retention_rate,
        cast(
            round(cast(retained_customers as decimal(18, 6)) / nullif(base_customers, 0), 6) as decimal(18, 6)
        ) as logo_retention_rate,
        cast(trailing_12m_new_arr as decimal(18, 2)) as trailing_12m_new_arr,
        cast(trailing_12m_expansion_arr as decimal(18, 2)) as trailing_12m_expansion_arr,
        cast(trailing_12m_reactivation_arr as decimal(18, 2)) as trailing_12m_reactivation_arr,
        cast(trailing_12m_contraction_arr as decimal(18, 2)) as trailing_12m_contraction_arr,
        cast(trailing_12m_churned_arr as decimal(18, 2)) as trailing_12m_churned_arr,
        cast(
            round(
                cast(
                    trailing_12m_new_arr + trailing_12m_expansion_arr + trailing_12m_reactivation_arr as decimal(18, 6)
                )
                / nullif(trailing_12m_contraction_arr + trailing_12m_churned_arr, 0),
                6
            ) as decimal(18, 6)
        ) as quick_ratio
    from joined

)

select * from final
