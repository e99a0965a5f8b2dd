{#-
    One row per calendar day from var('calendar_start_date') (history before
    the generated window, for trailing comparisons) through as_of_date plus
    var('calendar_years_ahead') years, inclusive: the first day plus each of
    integer_offsets(5) (273 years) up to the last day. Spark's dateadd returns
    a timestamp, so the day is cast back to a date.
-#}
{%- set calendar_start = "cast('" ~ var('calendar_start_date') ~ "' as date)" -%}
{%- set calendar_end = dbt.dateadd('year', var('calendar_years_ahead'), as_of_date()) -%}

with

day_offsets as (

    {{ integer_offsets(5) }}

),

days as (

    select cast({{ dbt.dateadd('day', 'day_offsets.offset_number', calendar_start) }} as date) as date_day
    from day_offsets
    where day_offsets.offset_number <= {{ dbt.datediff(calendar_start, calendar_end, 'day') }}

)

select * from days
