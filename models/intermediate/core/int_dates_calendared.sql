{#-
    Calendar and fiscal calendar, one row per day. The fiscal year starts on
    the first day of var('fiscal_year_start_month') and is named by the
    calendar year in which it ENDS: with start month 2, FY2025 runs from
    2024-02-01 to 2025-01-31; with start month 1 the fiscal year equals the
    calendar year. Weeks start on Monday (ISO).
-#}
{%- set start_month = var('fiscal_year_start_month') | int -%}
{%- if start_month < 1 or start_month > 12 -%}
    {{ exceptions.raise_compiler_error("fiscal_year_start_month must be 1-12, got " ~ start_month) }}
{%- endif -%}

with

days as (

    select * from {{ ref('int_dates_spined') }}

),

calendar as (

    select
        date_day,
        cast({{ dbt.date_trunc('week', 'date_day') }} as date) as week_start_date,
        cast({{ dbt.date_trunc('month', 'date_day') }} as date) as month_start_date,
        cast({{ dbt.date_trunc('quarter', 'date_day') }} as date) as quarter_start_date,
        cast({{ dbt.date_trunc('year', 'date_day') }} as date) as year_start_date,
        cast(extract(year from date_day) as {{ dbt.type_int() }}) as calendar_year,
        cast(extract(month from date_day) as {{ dbt.type_int() }}) as month_of_year,
        cast(extract(day from date_day) as {{ dbt.type_int() }}) as day_of_month
    from days

),

calendar_derived as (

    select
        *,
        cast({{ dbt.dateadd('day', -1, dbt.dateadd('month', 1, 'month_start_date')) }} as date) as month_end_date,
        cast(
            case
                when month_of_year >= {{ start_month }} then month_of_year - {{ start_month }}
                else month_of_year - {{ start_month }} + 12
            end
            as {{ dbt.type_int() }}
        ) as months_into_fiscal_year
    from calendar

),

fiscal_year as (

    select
        *,
        cast(
            calendar_year
            + case when {{ start_month }} > 1 and month_of_year >= {{ start_month }} then 1 else 0 end
            as {{ dbt.type_int() }}
        ) as fiscal_year,
        cast({{ dbt.dateadd('month', '-months_into_fiscal_year', 'month_start_date') }} as date)
            as fiscal_year_start_date,
        cast(
            case
                when months_into_fiscal_year < 3 then 1
                when months_into_fiscal_year < 6 then 2
                when months_into_fiscal_year < 9 then 3
                else 4
            end
            as {{ dbt.type_int() }}
        ) as fiscal_quarter
    from calendar_derived

),

fiscal_quarter as (

    select
        *,
        cast({{ dbt.dateadd('day', -1, dbt.dateadd('month', 12, 'fiscal_year_start_date')) }} as date)
            as fiscal_year_end_date,
        cast({{ dbt.dateadd('month', '(fiscal_quarter - 1) * 3', 'fiscal_year_start_date') }} as date)
            as fiscal_quarter_start_date
    from fiscal_year

),

fiscal_positions as (

    select
        *,
        {#- day_of_<period>: the day's position in its period, 1 on <period>_start_date #}
        {%- for period in ['week', 'year', 'fiscal_quarter', 'fiscal_year'] %}
            cast(
                {{ dbt.datediff(period ~ '_start_date', 'date_day', 'day') }} + 1  -- noqa: LT05
                as {{ dbt.type_int() }}
            ) as day_of_{{ period }},
        {%- endfor %}
        cast({{ dbt.dateadd('day', -1, dbt.dateadd('month', 3, 'fiscal_quarter_start_date')) }} as date)
            as fiscal_quarter_end_date
    from fiscal_quarter

),

final as (

    select
        date_day,
        day_of_week,
        case day_of_week
            when 1 then 'Monday'
            when 2 then 'Tuesday'
            when 3 then 'Wednesday'
            when 4 then 'Thursday'
            when 5 then 'Friday'
            when 6 then 'Saturday'
            else 'Sunday'
        end as day_name,
        day_of_week >= 6 as is_weekend,
        day_of_month,
        day_of_year,
        week_start_date,
        cast({{ dbt.dateadd('day', 6, 'week_start_date') }} as date) as week_end_date,
        month_start_date,
        month_end_date,
        month_of_year,
        case month_of_year
            when 1 then 'January'
            when 2 then 'February'
            when 3 then 'March'
            when 4 then 'April'
            when 5 then 'May'
            when 6 then 'June'
            when 7 then 'July'
            when 8 then 'August'
            when 9 then 'September'
            when 10 then 'October'
            when 11 then 'November'
            else 'December'
        end as month_name,
        date_day = month_end_date as is_month_end,
        quarter_start_date,
        cast(
            case
                when month_of_year <= 3 then 1
                when month_of_year <= 6 then 2
                when month_of_year <= 9 then 3
                else 4
            end
            as {{ dbt.type_int() }}
        ) as quarter_of_year,
        year_start_date,
        calendar_year,
        fiscal_year,
        fiscal_year_start_date,
        fiscal_year_end_date,
        fiscal_quarter,
        {{ dbt.concat([
            "'FY'",
            "cast(fiscal_year as " ~ dbt.type_string() ~ ")",
            "'-Q'",
            "cast(fiscal_quarter as " ~ dbt.type_string() ~ ")",
        ]) }} as fiscal_quarter_label,
        fiscal_quarter_start_date,
        fiscal_quarter_end_date,
        cast(months_into_fiscal_year + 1 as {{ dbt.type_int() }}) as fiscal_month_of_year,
        day_of_fiscal_year,
        day_of_fiscal_quarter,
        cast(
            floor(cast(day_of_fiscal_quarter - 1 as {{ dbt.type_numeric() }}) / 7) + 1
            as {{ dbt.type_int() }}
        ) as week_of_fiscal_quarter,
        date_day > {{ as_of_date() }} as is_after_as_of_date
    from fiscal_positions

)

select * from final
