-- Six amounts around the range [0, 100]: -5 and 150 lie outside it, 0 and
-- 100 sit on its bounds, 10 inside, and one null (never checked).
with

amounts as (

    select
        1 as amount_id,
        cast(-5 as {{ dbt.type_int() }}) as amount

    union all

    select
        2 as amount_id,
        cast(0 as {{ dbt.type_int() }}) as amount

    union all

    select
        3 as amount_id,
        cast(10 as {{ dbt.type_int() }}) as amount

    union all

    select
        4 as amount_id,
        cast(100 as {{ dbt.type_int() }}) as amount

    union all

    select
        5 as amount_id,
        cast(150 as {{ dbt.type_int() }}) as amount

    union all

    select
        6 as amount_id,
        cast(null as {{ dbt.type_int() }}) as amount

)

select * from amounts
