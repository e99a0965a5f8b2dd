with

base as (

    select * from {{ ref('base_crm__accounts') }}

),

staged as (

    select
        account_id,
        account_name,
        parent_account_id,
        industry,
        customer_type,
        employee_count,
        annual_revenue_band,
        postal_code,
        region,
        country,
        status,
        owner_rep_id,
        created_at,
        _source_row,
        _loaded_at
    from base
    where
        quarantine_reason is null
        and duplicate_rank = 1

)

select * from staged
