{#
    rpt_retention cut by customer_type and region (the account's current
    segment in dim_accounts): one row per month x customer_type x region for
    every segment that ever paid. Same formulas as rpt_retention: the measures
    come from int_retention_segment_months_measured, the rates from the
    macro retention_rates; the base of month t is the segment's
    accounts with ARR > 0 twelve months earlier.
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

measures as (

    select * from {{ ref('int_retention_segment_months_measured') }}

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
        {%- for measure in retention_additive_measures() %}
            coalesce(measures.{{ measure }}, 0) as {{ measure }},
        {%- endfor %}
        coalesce(measures.ending_arr, 0) as ending_arr,
        coalesce(measures.ending_customers, 0) as ending_customers
    from grid
    left join measures
        on
            grid.month_start_date = measures.month_start_date
            and grid.customer_type = measures.customer_type
            and grid.region = measures.region

),

rated as (

    select
        *,
        {{ retention_rates() }}
    from joined

),

final as (

    select {{ contract_columns() }}
    from rated

)

select * from final
