{#
    Month-over-month ARR movement of every account-month of fct_arr_monthly.
    previous_arr is the account's ARR at the previous month-end (0 before its
    first order month). Classification, in this order:
      new          previous 0, ARR > 0, first month with ARR > 0 in the FULL
                   billing history (not the window start)
      reactivation previous 0, ARR > 0, paid before
      churn        previous > 0, ARR 0
      expansion    ARR > previous > 0
      contraction  0 < ARR < previous
      flat         everything else (unchanged, or 0 -> 0)
    For every row: arr = previous_arr + new_arr + expansion_arr + reactivation_arr
    - contraction_arr - churned_arr (amounts are non-negative).
#}

with

arr_monthly as (

    select * from {{ ref('fct_arr_monthly') }}

),

with_previous as (

    select
        *,
        coalesce(
            lag(arr) over (partition by account_id order by month_start_date),
            0
        ) as previous_arr
    from arr_monthly

),

classified as (

    select
        *,
        case
            when previous_arr = 0 and arr > 0 and month_start_date = first_paid_month_start_date then 'new'
            when previous_arr = 0 and arr > 0 then 'reactivation'
            when previous_arr > 0 and arr = 0 then 'churn'
            when previous_arr > 0 and arr > previous_arr then 'expansion'
            when arr > 0 and arr < previous_arr then 'contraction'
            else 'flat'
        end as movement_type
    from with_previous

),

amounts as (

    select
        *,
        arr - previous_arr as arr_change,
        case when movement_type = 'new' then arr else 0 end as new_arr,
        case when movement_type = 'expansion' then arr - previous_arr else 0 end as expansion_arr,
        case when movement_type = 'reactivation' then arr else 0 end as reactivation_arr,
        case when movement_type = 'contraction' then previous_arr - arr else 0 end as contraction_arr,
        case when movement_type = 'churn' then previous_arr else 0 end as churned_arr,
        previous_arr > 0 as was_paying
    from classified

),

final as (

    select {{ contract_columns() }}
    from amounts

)

select * from final
