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

final as (

    select
        cast(account_id as {{ dbt.type_string() }}) as account_id,
        cast(month_start_date as date) as month_start_date,
        cast(month_end_date as date) as month_end_date,
        cast(month_number as integer) as month_number,
        cast(previous_arr as decimal(18, 2)) as previous_arr,
        cast(arr as decimal(18, 2)) as arr,
        cast(arr - previous_arr as decimal(18, 2)) as arr_change,
        cast(movement_type as {{ dbt.type_string() }}) as movement_type,
        cast(case when movement_type = 'new' then arr else 0 end as decimal(18, 2)) as new_arr,
        cast(case when movement_type = 'expansion' then arr - previous_arr else 0 end as decimal(18, 2))
            as expansion_arr,
        cast(case when movement_type = 'reactivation' then arr else 0 end as decimal(18, 2)) as reactivation_arr,
        cast(case when movement_type = 'contraction' then previous_arr - arr else 0 end as decimal(18, 2))
            as contraction_arr,
        cast(case when movement_type = 'churn' then previous_arr else 0 end as decimal(18, 2)) as churned_arr,
        cast(previous_arr > 0 as boolean) as was_paying,
        cast(arr > 0 as boolean) as is_paying,
        cast(first_paid_month_start_date as date) as first_paid_month_start_date,
        cast(customer_type as {{ dbt.type_string() }}) as customer_type,
        cast(region as {{ dbt.type_string() }}) as region
    from classified

)

select * from final
