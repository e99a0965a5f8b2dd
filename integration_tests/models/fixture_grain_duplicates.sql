-- Order lines keyed by (order_key, line_number): (1, 1) appears twice and
-- (2, 1) three times, so exactly 2 key combinations are duplicated.
with

order_lines as (

    select
        1 as order_key,
        1 as line_number

    union all

    select
        1 as order_key,
        2 as line_number

    union all

    select
        1 as order_key,
        1 as line_number

    union all

    select
        2 as order_key,
        1 as line_number

    union all

    select
        2 as order_key,
        1 as line_number

    union all

    select
        2 as order_key,
        1 as line_number

    union all

    select
        3 as order_key,
        1 as line_number

)

select * from order_lines
