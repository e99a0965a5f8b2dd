{#
    Calendar months of the recurring-revenue history: from the month of the
    first billing order (billing goes back before the reporting window) to the
    month of as_of_date. Built from a digits cross join so it needs no
    compile-time query and no engine-specific series function.
#}

with

orders as (

    select * from {{ ref('stg_billing__orders') }}

),

bounds as (

    select
        cast({{ dbt.date_trunc('month', 'min(start_date)') }} as date) as first_month_start_date,
        cast({{ dbt.date_trunc('month', as_of_date()) }} as date)
            as last_month_start_date
    from orders
    where start_date <= {{ as_of_date() }}

),

digits as (

    select 0 as digit
    union all
    select 1 as digit
    union all
    select 2 as digit
    union all
    select 3 as digit
    union all
    select 4 as digit
    union all
    select 5 as digit
    union all
    select 6 as digit
    union all
    select 7 as digit
    union all
    select 8 as digit
    union all
    select 9 as digit

),

month_offsets as (

    select ones.digit + 10 * tens.digit + 100 * hundreds.digit as month_offset
    from digits as ones
    cross join digits as tens
    cross join digits as hundreds

),

months as (

    select
        cast({{ dbt.dateadd('month', 'month_offsets.month_offset', 'bounds.first_month_start_date') }} as date)
            as month_start_date,
        bounds.last_month_start_date
    from bounds
    cross join month_offsets
    where bounds.first_month_start_date is not null

),

final as (

    select
        month_start_date,
        cast({{ dbt.last_day('month_start_date', 'month') }} as date) as month_end_date,
        case
            when {{ dbt.last_day('month_start_date', 'month') }} > {{ as_of_date() }}
                then {{ as_of_date() }}
            else cast({{ dbt.last_day('month_start_date', 'month') }} as date)
        end as snapshot_date,
        cast(
            extract(year from month_start_date) * 12
            + extract(month from month_start_date) as {{ dbt.type_int() }}
        ) as month_number
    from months
    where month_start_date <= last_month_start_date

)

select * from final
