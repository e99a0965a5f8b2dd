-- Five rows that pass every generic test: unique (order_key, line_number),
-- amounts inside [0, 100] and strictly inside (0, 100), periods that end on
-- or after their start. Same row count as fixture_periods.
with

clean_rows as (

    select
        1 as order_key,
        1 as line_number,
        1 as amount,
        cast('2024-02-01' as date) as start_date,
        cast('2024-02-01' as date) as end_date

    union all

    select
        1 as order_key,
        2 as line_number,
        50 as amount,
        cast('2024-02-02' as date) as start_date,
        cast('2024-03-01' as date) as end_date

    union all

    select
        2 as order_key,
        1 as line_number,
        99 as amount,
        cast('2024-03-01' as date) as start_date,
        cast('2025-03-01' as date) as end_date

    union all

    select
        3 as order_key,
        1 as line_number,
        10 as amount,
        cast('2024-04-01' as date) as start_date,
        cast('2024-04-30' as date) as end_date

    union all

    select
        3 as order_key,
        2 as line_number,
        20 as amount,
        cast('2024-05-01' as date) as start_date,
        cast('2024-05-31' as date) as end_date

)

select * from clean_rows
