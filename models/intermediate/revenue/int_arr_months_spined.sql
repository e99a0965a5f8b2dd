{#
    Calendar months of the recurring-revenue history: from the month of the
    first billing order (billing goes back before the reporting window) to the
    month of as_of_date. Built from integer_offsets() so it needs no
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

month_offsets as (

    {{ integer_offsets(3) }}

),

months as (

    select
        cast({{ dbt.dateadd('month', 'month_offsets.offset_number', 'bounds.first_month_start_date') }} as date)
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
