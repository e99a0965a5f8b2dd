{#-
    The calendar and fiscal calendar, one row per day, as built in
    int_dates_calendared (the spine every layer shares).
-#}
with

calendar as (

    select * from {{ ref('int_dates_calendared') }}

)

select * from calendar
