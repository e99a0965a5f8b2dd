-- The ARR bridge closes exactly in every month, in ARR and in customer counts:
-- starting + new + expansion + reactivation - contraction - churned = ending.
with

bridge as (

    select * from {{ ref('rpt_arr_bridge') }}

),

broken as (

    select
        month_start_date,
        starting_arr,
        ending_arr,
        starting_customers,
        ending_customers
    from bridge
    where
        starting_arr + new_arr + expansion_arr + reactivation_arr - contraction_arr - churned_arr <> ending_arr
        or starting_customers + new_customers + reactivated_customers - churned_customers <> ending_customers

)

select * from broken
