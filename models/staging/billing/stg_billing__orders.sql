with

base as (

    select * from {{ ref('base_billing__orders') }}

),

staged as (

    select
        order_id,
        account_id,
        opp_id as opportunity_id,
        order_type,
        product_bundle_code,
        quantity,
        start_date,
        end_date,
        term_months,
        billing_frequency,
        cast(arr as decimal(18, 2)) as arr,
        cast(total_contract_value as decimal(18, 2)) as total_contract_value,
        invoice_date,
        _source_row,
        _loaded_at
    from base
    where
        quarantine_reason is null
        and duplicate_rank = 1

)

select * from staged
