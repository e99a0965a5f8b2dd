{#-
    One row per CRM account: attributes, segment, size band, territory (from
    the postal-code prefix), the resolved hierarchy (parent, ultimate parent,
    depth) and billing status as of var('as_of_date'). The heavy lifting is
    in models/intermediate/core.
-#}

with

accounts as (

    select * from {{ ref('stg_crm__accounts') }}

),

hierarchy as (

    select * from {{ ref('int_accounts_hierarchy_resolved') }}

),

territories as (

    select * from {{ ref('int_accounts_matched_to_territories') }}

),

billing as (

    select * from {{ ref('int_accounts_billing_summarised') }}

),

joined as (

    select
        accounts.account_id,
        accounts.account_name,
        accounts.industry,
        accounts.customer_type,
        accounts.employee_count,
        case
            when accounts.employee_count is null then 'Unknown'
            when accounts.employee_count < 100 then '1-99'
            when accounts.employee_count < 500 then '100-499'
            when accounts.employee_count < 1000 then '500-999'
            when accounts.employee_count < 5000 then '1000-4999'
            else '5000+'
        end as customer_size_band,
        accounts.annual_revenue_band,
        accounts.status,
        coalesce(billing.is_paying_customer, false) as is_paying_customer,
        billing.first_paid_date,
        accounts.postal_code,
        territories.postal_prefix,
        territories.territory_id,
        territories.territory_name,
        territories.territory_region,
        accounts.region,
        accounts.country,
        hierarchy.parent_account_id,
        hierarchy.ultimate_parent_account_id,
        hierarchy.hierarchy_depth,
        hierarchy.hierarchy_depth = 0 as is_top_level_account,
        hierarchy.has_unresolved_parent,
        accounts.owner_rep_id,
        accounts.created_at,
        cast(accounts.created_at as date) as created_date
    from accounts
    inner join hierarchy
        on accounts.account_id = hierarchy.account_id
    left join territories
        on accounts.account_id = territories.account_id
    left join billing
        on accounts.account_id = billing.account_id

),

final as (

    select {{ contract_columns() }}
    from joined

)

select * from final
