with

base as (

    select * from {{ ref('base_product__seat_entitlements') }}

),

staged as (

    select
        entitlement_id,
        account_id,
        product_family,
        entitled_seats,
        start_date,
        end_date,
        _source_row,
        _loaded_at
    from base
    where
        quarantine_reason is null
        and duplicate_rank = 1

)

select * from staged
