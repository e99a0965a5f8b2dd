{#
    Customer health rolled up to the ultimate parent account x month over its
    paying child accounts (the parent itself included when it pays).
    health_score = ARR-weighted mean of the scored children's health scores;
    worst_health_band = the lowest band of any scored child (Red < Yellow <
    Green, by band_order of the thresholds seed).
#}

with

health as (

    select * from {{ ref('rpt_customer_health') }}

),

thresholds as (

    select * from {{ ref('health_score_thresholds') }}

),

rolled_up as (

    select
        coalesce(ultimate_parent_account_id, account_id) as ultimate_parent_account_id,
        month_start_date,
        count(*) as child_accounts,
        sum(case when health_score is not null then 1 else 0 end) as scored_accounts,
        sum(case when health_band = 'Red' then 1 else 0 end) as red_accounts,
        sum(case when health_band = 'Yellow' then 1 else 0 end) as yellow_accounts,
        sum(case when health_band = 'Green' then 1 else 0 end) as green_accounts,
        sum(arr) as arr,
        sum(arr_at_risk) as arr_at_risk,
        sum(case when health_score is not null then health_score * arr end) as score_arr_product,
        sum(case when health_score is not null then arr end) as scored_arr,
        min(band_order) as worst_band_order
    from health
    group by coalesce(ultimate_parent_account_id, account_id), month_start_date

),

final as (

    select
        cast(rolled_up.ultimate_parent_account_id as {{ dbt.type_string() }}) as ultimate_parent_account_id,
        cast(rolled_up.month_start_date as date) as month_start_date,
        cast(rolled_up.child_accounts as integer) as child_accounts,
        cast(rolled_up.scored_accounts as integer) as scored_accounts,
        cast(rolled_up.red_accounts as integer) as red_accounts,
        cast(rolled_up.yellow_accounts as integer) as yellow_accounts,
        cast(rolled_up.green_accounts as integer) as green_accounts,
        cast(rolled_up.arr as decimal(18, 2)) as arr,
        cast(rolled_up.arr_at_risk as decimal(18, 2)) as arr_at_risk,
        {{ ratio('rolled_up.score_arr_product', 'rolled_up.scored_arr') }} as health_score,
        cast(thresholds.health_band as {{ dbt.type_string() }}) as worst_health_band,
        cast(rolled_up.worst_band_order as integer) as worst_band_order
    from rolled_up
    left join thresholds
        on rolled_up.worst_band_order = thresholds.band_order

)

select * from final
