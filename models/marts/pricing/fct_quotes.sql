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
        quotes.discount_pct,
        quotes.discount_band,
        quotes.discount_band_order,
        quotes.term_months,
        quotes.quote_version,
        quotes.is_final_version,
        quotes.list_price * (1 - quotes.discount_pct / 100.0) as net_price,
        quotes.list_price * (1 - quotes.discount_pct / 100.0) * quotes.quantity as net_arr,
        quotes.list_price * quotes.quantity as list_arr,
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

    select
        cast(quote_id as {{ dbt.type_string() }}) as quote_id,
        cast(opportunity_id as {{ dbt.type_string() }}) as opportunity_id,
        cast(account_id as {{ dbt.type_string() }}) as account_id,
        cast(quote_date as date) as quote_date,
        cast(product_bundle_code as {{ dbt.type_string() }}) as product_bundle_code,
        cast(industry as {{ dbt.type_string() }}) as industry,
        cast(customer_type as {{ dbt.type_string() }}) as customer_type,
        cast(quantity as integer) as quantity,
        cast(list_price as decimal(18, 2)) as list_price,
        cast(round(cast(discount_pct as decimal(18, 6)), 6) as decimal(18, 6)) as discount_pct,
        cast(discount_band as {{ dbt.type_string() }}) as discount_band,
        cast(discount_band_order as integer) as discount_band_order,
        cast(term_months as integer) as term_months,
        cast(quote_version as integer) as quote_version,
        cast(is_final_version as boolean) as is_final_version,
        cast(round(cast(net_price as decimal(18, 6)), 2) as decimal(18, 2)) as net_price,
        cast(round(cast(net_arr as decimal(18, 6)), 2) as decimal(18, 2)) as net_arr,
        cast(round(cast(list_arr as decimal(18, 6)), 2) as decimal(18, 2)) as list_arr,
        cast(is_above_standard_discount as boolean) as is_above_standard_discount,
        cast(opportunity_status as {{ dbt.type_string() }}) as opportunity_status,
        cast(opportunity_close_date as date) as opportunity_close_date,
        cast(is_won as boolean) as is_won,
        cast(is_closed as boolean) as is_closed
    from enriched

)

select * from final
