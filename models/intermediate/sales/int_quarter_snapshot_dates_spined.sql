{#-
    One row per fiscal quarter x week of quarter: the snapshot points used by
    pipeline coverage and the forecast. week_of_quarter 0 is the beginning of
    the quarter (BOQ): the end of the day before the quarter's first day.
    Week n (1-14) is the end of the last day of the n-th 7-day block of the
    quarter (int_dates_calendared.week_of_fiscal_quarter), or var('as_of_date') for a
    week still running. Only quarters that start on or after
    var('window_start_date') are kept, so every BOQ snapshot lies inside the
    generated history; points after var('as_of_date') are not taken.
-#}

with

dates as (

    select * from {{ ref('int_dates_calendared') }}

),

quarters as (

    select distinct
        fiscal_quarter_start_date,
        fiscal_quarter_end_date,
        fiscal_year,
        fiscal_quarter,
        fiscal_quarter_label
    from dates
    where
        fiscal_quarter_start_date >= {{ window_start_date() }}
        and fiscal_quarter_start_date <= {{ as_of_date() }}

),

boq_points as (

    select
        fiscal_quarter_start_date,
        0 as week_of_quarter,
        'boq' as snapshot_grain,
        cast({{ dbt.dateadd('day', -1, 'fiscal_quarter_start_date') }} as date) as snapshot_date
    from quarters

),

weekly_points as (

    select
        fiscal_quarter_start_date,
        week_of_fiscal_quarter as week_of_quarter,
        'weekly' as snapshot_grain,
        max(date_day) as snapshot_date
    from dates
    where
        date_day >= {{ window_start_date() }}
        and date_day <= {{ as_of_date() }}
    group by fiscal_quarter_start_date, week_of_fiscal_quarter

),

points as (

    select * from boq_points
    union all
    select * from weekly_points

),

final as (

    select
        quarters.fiscal_quarter_start_date,
        quarters.fiscal_quarter_end_date,
        quarters.fiscal_year,
        quarters.fiscal_quarter,
        quarters.fiscal_quarter_label,
        points.snapshot_grain,
        points.week_of_quarter,
        points.snapshot_date,
        quarters.fiscal_quarter_end_date <= {{ as_of_date() }} as is_quarter_complete
    from points
    inner join quarters
        on points.fiscal_quarter_start_date = quarters.fiscal_quarter_start_date

)

select * from final
