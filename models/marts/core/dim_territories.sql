{#-
    One row per sales territory (seed) with its size: postal prefixes owned,
    accounts and paying customers matched to it by postal code, reps
    assigned to it and those active on var('as_of_date').
-#}

with

territories as (

    select * from {{ ref('territories') }}

),

territory_postal_prefixes as (

    select * from {{ ref('territory_postal_prefixes') }}

),

accounts as (

    select * from {{ ref('dim_accounts') }}

),

reps as (

    select * from {{ ref('dim_reps') }}

),

prefix_counts as (

    select
        territory_id,
        count(*) as postal_prefix_count
    from territory_postal_prefixes
    group by territory_id

),

account_counts as (

    select
        territory_id,
        count(*) as account_count,
        sum(case when is_paying_customer then 1 else 0 end) as paying_customer_count
    from accounts
    where territory_id is not null
    group by territory_id

),

rep_counts as (

    select
        territory_id,
        count(*) as rep_count,
        sum(case when is_active then 1 else 0 end) as active_rep_count
    from reps
    where territory_id is not null
    group by territory_id

),

joined as (

    select
        territories.*,
        coalesce(prefix_counts.postal_prefix_count, 0) as postal_prefix_count,
        coalesce(account_counts.account_count, 0) as account_count,
        coalesce(account_counts.paying_customer_count, 0) as paying_customer_count,
        coalesce(rep_counts.rep_count, 0) as rep_count,
        coalesce(rep_counts.active_rep_count, 0) as active_rep_count
    from territories
    left join prefix_counts
        on territories.territory_id = prefix_counts.territory_id
    left join account_counts
        on territories.territory_id = account_counts.territory_id
    left join rep_counts
        on territories.territory_id = rep_counts.territory_id

),

final as (

    select {{ contract_columns() }}
    from joined

)

select * from final
