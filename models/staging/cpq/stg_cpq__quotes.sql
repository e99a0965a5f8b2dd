with

base as (

    select * from {{ ref('base_cpq__quotes') }}

),

staged as (

    select
        quote_id,
        opp_id as opportunity_id,
        customer_id as account_id,
        quote_date,
        product_bundle_code,
        quantity,
        cast(list_price as decimal(18, 2)) as list_price,
        discount_pct,
        term_months,
        quote_version,
        _source_row,
        _loaded_at
    from base
    where
        quarantine_reason is null
        and duplicate_rank = 1

)

select * from staged
