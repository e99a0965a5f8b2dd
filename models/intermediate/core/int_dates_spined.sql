{#-
    One row per calendar day from var('calendar_start_date') (history before
    the generated window, for trailing comparisons) through as_of_date plus
    var('calendar_years_ahead') years, inclusive. dbt.date_spine generates the
    days on every engine (its end bound is exclusive, hence the extra day);
    Spark's dateadd returns a timestamp, so the day is cast back to a date.
-#}
{%- set calendar_start = "cast('" ~ var('calendar_start_date') ~ "' as date)" -%}
{%- set calendar_end = dbt.dateadd(
    'day', 1,
    dbt.dateadd('year', var('calendar_years_ahead'), as_of_date())
) -%}

with

spine as (

    {{ dbt.date_spine('day', calendar_start, calendar_end) }}

),

days as (

    select cast(date_day as date) as date_day
    from spine

)

select * from days
