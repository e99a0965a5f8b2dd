-- Five periods: 2 end before they start (ids 2 and 5), one is open-ended
-- (null end: passes a plain comparison, fails under coalesce(..., false)),
-- one starts and ends the same day.
with

periods as (

    select
        1 as period_id,
        cast('2024-01-01' as date) as start_date,
        cast('2024-02-01' as date) as end_date

    union all

    select
        2 as period_id,
        cast('2024-03-01' as date) as start_date,
        cast('2024-02-15' as date) as end_date

    union all

    select
        3 as period_id,
        cast('2024-04-01' as date) as start_date,
        cast(null as date) as end_date

    union all

    select
        4 as period_id,
        cast('2024-05-10' as date) as start_date,
        cast('2024-05-10' as date) as end_date

    union all

    select
        5 as period_id,
        cast('2024-06-30' as date) as start_date,
        cast('2024-06-01' as date) as end_date

)

select * from periods
