-- The health-score weights are fractions that sum to exactly 1 (to 4 decimals).
with

weights as (

    select * from {{ ref('health_score_weights') }}

),

total as (

    select sum(weight) as total_weight
    from weights

),

violations as (

    select total_weight
    from total
    where
        total_weight is null
        or abs(total_weight - 1) > 0.00005

)

select * from violations
