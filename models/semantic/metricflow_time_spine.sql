{#
    The MetricFlow time spine: one row per calendar day of dim_dates, with the
    fiscal quarter and fiscal year each day falls in (fiscal_year_start_month
    var). Registered with `time_spine:` in _semantic__models.yml, the fiscal
    columns become the custom granularities metric_time__fiscal_quarter and
    metric_time__fiscal_year; day, week, month, quarter and year are MetricFlow's
    own calendar grains.
#}

with

dates as (

    select * from {{ ref('dim_dates') }}

),

final as (

    select
        cast(date_day as date) as date_day,
        cast(fiscal_quarter_start_date as date) as fiscal_quarter,
        cast(fiscal_year_start_date as date) as fiscal_year
    from dates

)

select * from final
