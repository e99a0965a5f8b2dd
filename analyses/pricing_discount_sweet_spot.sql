-- Question: where does extra discount stop buying wins? For each product bundle and segment, the discount
-- band with the best win rate, next to the win rate and elasticity of every band, so the deal desk can cap
-- discounts where the elasticity turns flat (extra discount no longer lifts the win rate).
with

bands as (

    select * from {{ ref('rpt_discount_win_rates') }}
    where opportunities_won + opportunities_lost >= 5

),

ranked as (

    select
        product_bundle_code,
        customer_type,
        discount_band,
        discount_band_order,
        opportunities_won + opportunities_lost as closed_opportunities,
        win_rate,
        quote_to_close_rate,
        average_final_discount_pct,
        win_rate_price_elasticity,
        rank() over (partition by product_bundle_code, customer_type order by win_rate desc) as win_rate_rank
    from bands

)

select * from ranked
order by product_bundle_code, customer_type, discount_band_order
