with

base as (

    select * from {{ ref('base_product__license_events') }}

),

staged as (

    select
        event_id,
        account_id,
        product_family,
        seat_id,
        event_type,
        event_at,
        _source_row,
        _loaded_at
    from base
    where
        quarantine_reason is null
        and duplicate_rank = 1

)

select * from staged
