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

joined as (

    select
        rolled_up.*,
        {{ ratio('rolled_up.score_arr_product', 'rolled_up.scored_arr') }} as health_score,
        thresholds.health_band as worst_health_band
    from rolled_up
    left join thresholds
        on rolled_up.worst_band_order = thresholds.band_order

),

final as (

    select {{ contract_columns() }}
    from joined

)

select * from final
