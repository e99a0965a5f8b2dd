-- Six amounts around the range [0, 100]: -5 and 150 lie outside it, 0 and
-- 100 sit on its bounds, 10 inside, and one null (never checked).
with

amounts as (

    select 1 as amount_id, cast(-5 as {{ dbt.type_int() }}) as amount
    union all select 2, 0
    union all select 3, 10
    union all select 4, 100
    union all select 5, 150
    union all select 6, cast(null as {{ dbt.type_int() }})

)

select * from amounts
