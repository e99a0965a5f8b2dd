with

quotes as (

    select * from {{ ref('int_quotes_banded_by_discount') }}

),

opportunities as (

    select * from {{ ref('stg_crm__opportunities') }}

),

accounts as (

    select * from {{ ref('stg_crm__accounts') }}

),

products as (

    select * from {{ ref('products') }}

),

enriched as (

    select
        quotes.quote_id,
        quotes.opportunity_id,
        quotes.account_id,
        quotes.quote_date,
        quotes.product_bundle_code,
        accounts.industry,
        coalesce(opportunities.customer_type, accounts.customer_type) as customer_type,
        quotes.quantity,
        quotes.list_price,
        round(cast(quotes.discount_pct as decimal(18, 6)), 6) as discount_pct,
        quotes.discount_band,
        quotes.discount_band_order,
        quotes.term_months,
        quotes.quote_version,
        quotes.is_final_version,
        round(cast(quotes.list_price * (1 - quotes.discount_pct / 100.0) as decimal(18, 6)), 2) as net_price,
        round(cast(quotes.list_price * (1 - quotes.discount_pct / 100.0) * quotes.quantity as decimal(18, 6)), 2)
            as net_arr,
        round(cast(quotes.list_price * quotes.quantity as decimal(18, 6)), 2) as list_arr,
        quotes.discount_pct > products.max_standard_discount_pct as is_above_standard_discount,
        opportunities.status as opportunity_status,
        opportunities.close_date as opportunity_close_date,
        opportunities.status = 'Won' as is_won,
        opportunities.status in ('Won', 'Lost') as is_closed
    from quotes
    left join opportunities
        on quotes.opportunity_id = opportunities.opportunity_id
    left join accounts
        on quotes.account_id = accounts.account_id
    left join products
        on quotes.product_bundle_code = products.product_bundle_code

),

final as (

    select {{ contract_columns() }}
    from enriched

)

select * from final
