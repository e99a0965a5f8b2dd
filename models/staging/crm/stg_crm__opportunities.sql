with

base as (

    select * from {{ ref('base_crm__opportunities') }}

),

staged as (

    select
        opp_id as opportunity_id,
        customer_id as account_id,
        customer_name,
        contact_id,
        contact_name,
        status,
        lead_source,
        customer_type,
        opportunity_type,
        stage,  -- noqa: RF04
        probability,
        forecast_category,
        product_bundle_code,
        cast(amount as decimal(18, 2)) as amount,
        created_date,
        close_date,
        owner_rep_id,
        loss_reason,
        competitor,
        _source_row,
        _loaded_at
    from base
    where
        quarantine_reason is null
        and duplicate_rank = 1

)

select * from staged
