{#-
    One row per sales territory: market coverage and lead flow as of
    var('as_of_date'). Accounts are placed by dim_accounts.territory_id
    (postal-code prefix), reps by their own territory_id. ARR is the sum of
    fct_arr_monthly for the month containing the as-of date (measured on the
    as-of date); open pipeline is the amount of Open opportunities created on
    or before it.
-#}
{%- set as_of_day = var('as_of_date') | string -%}
{%- set as_of_month_start = as_of_day[:7] ~ '-01' -%}

with

territories as (

    select * from {{ ref('territories') }}

),

accounts as (

    select * from {{ ref('dim_accounts') }}

),

opportunities as (

    select * from {{ ref('stg_crm__opportunities') }}

),

arr_monthly as (

    select * from {{ ref('fct_arr_monthly') }}

),

reps as (

    select * from {{ ref('rpt_rep_capacity') }}

),

leads as (

    select * from {{ ref('int_leads_matched_to_territories') }}

),

allocations as (

    select * from {{ ref('fct_lead_allocations') }}

),

open_opportunities as (

    select
        account_id,
        count(*) as open_opportunities,
        sum(amount) as open_pipeline_amount
    from opportunities
    where
        status = 'Open'
        and created_date <= {{ as_of_date() }}
    group by 1

),

account_arr as (

    select
        account_id,
        sum(arr) as arr
    from arr_monthly
    where month_start_date = cast('{{ as_of_month_start }}' as date)
    group by 1

),

account_coverage as (

    select
        accounts.territory_id,
        count(*) as account_count,
        sum(case when accounts.status = 'customer' then 1 else 0 end) as customer_count,
        sum(case when accounts.status = 'prospect' then 1 else 0 end) as prospect_count,
        sum(case when accounts.status = 'churned' then 1 else 0 end) as churned_account_count,
        sum(
            case when accounts.status = 'prospect' and open_opportunities.account_id is null then 1 else 0 end
        ) as whitespace_account_count,
        sum(coalesce(open_opportunities.open_opportunities, 0)) as open_opportunities,
        sum(coalesce(open_opportunities.open_pipeline_amount, 0)) as open_pipeline_amount,
        sum(coalesce(account_arr.arr, 0)) as arr
    from accounts
    left join open_opportunities
        on accounts.account_id = open_opportunities.account_id
    left join account_arr
        on accounts.account_id = account_arr.account_id
    where accounts.territory_id is not null
    group by 1

),

rep_coverage as (

    select
        territory_id,
        sum(case when is_active then 1 else 0 end) as active_reps,
        sum(case when is_active and rep_role = 'BDR' then 1 else 0 end) as bdr_reps,
        sum(case when is_active and rep_role = 'AE' then 1 else 0 end) as ae_reps,
        sum(case when is_active and rep_role = 'SE' then 1 else 0 end) as se_reps,
        sum(case when is_active and rep_role = 'CSM' then 1 else 0 end) as csm_reps,
        sum(case when is_active and rep_role = 'Manager' then 1 else 0 end) as manager_reps,
        sum(case when is_eligible then 1 else 0 end) as eligible_reps,
        sum(case when is_eligible then top_up_capacity else 0 end) as top_up_capacity
    from reps
    where territory_id is not null
    group by 1

),

lead_coverage as (

    select
        territory_id,
        sum(case when is_open then 1 else 0 end) as open_leads,
        sum(case when is_unassigned then 1 else 0 end) as unassigned_leads
    from leads
    where territory_id is not null
    group by 1

),

allocation_coverage as (

    select
        territory_id,
        count(*) as allocated_leads
    from allocations
    group by 1

),

coverage as (

    select
        territories.territory_id,
        territories.territory_name,
        territories.region,
        coalesce(account_coverage.account_count, 0) as account_count,
        coalesce(account_coverage.customer_count, 0) as customer_count,
        coalesce(account_coverage.prospect_count, 0) as prospect_count,
        coalesce(account_coverage.churned_account_count, 0) as churned_account_count,
        coalesce(account_coverage.whitespace_account_count, 0) as whitespace_account_count,
        coalesce(account_coverage.open_opportunities, 0) as open_opportunities,
        coalesce(account_coverage.open_pipeline_amount, 0) as open_pipeline_amount,
        coalesce(account_coverage.arr, 0) as arr,
        coalesce(rep_coverage.active_reps, 0) as active_reps,
        coalesce(rep_coverage.bdr_reps, 0) as bdr_reps,
        coalesce(rep_coverage.ae_reps, 0) as ae_reps,
        coalesce(rep_coverage.se_reps, 0) as se_reps,
        coalesce(rep_coverage.csm_reps, 0) as csm_reps,
        coalesce(rep_coverage.manager_reps, 0) as manager_reps,
        coalesce(rep_coverage.eligible_reps, 0) as eligible_reps,
        coalesce(rep_coverage.top_up_capacity, 0) as top_up_capacity,
        coalesce(lead_coverage.open_leads, 0) as open_leads,
        coalesce(lead_coverage.unassigned_leads, 0) as unassigned_leads,
        coalesce(allocation_coverage.allocated_leads, 0) as allocated_leads
    from territories
    left join account_coverage
        on territories.territory_id = account_coverage.territory_id
    left join rep_coverage
        on territories.territory_id = rep_coverage.territory_id
    left join lead_coverage
        on territories.territory_id = lead_coverage.territory_id
    left join allocation_coverage
        on territories.territory_id = allocation_coverage.territory_id

),

rated as (

    select
        *,
        {{ as_of_date() }} as as_of_date,
        {{ ratio('customer_count', 'account_count') }} as penetration_rate,
        unassigned_leads - allocated_leads as leads_left_unassigned
    from coverage

),

final as (

    select {{ contract_columns() }}
    from rated

)

select * from final
