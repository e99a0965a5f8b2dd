{#-
    Grain: product bundle x discount band x segment (customer_type).
    Quote measures count every quote version (quote-to-close, SPEC section 5);
    opportunity measures count each opportunity once, in the band of its final
    quote. Price elasticity of win rate compares a band with the next lower
    band present for the same bundle and segment (arc / midpoint elasticity,
    price = 1 - average discount of final quotes).
-#}

with

quotes as (

    select * from {{ ref('fct_quotes') }}

),

quote_measures as (

    select
        coalesce(product_bundle_code, 'Unknown') as product_bundle_code,
        discount_band,
        discount_band_order,
        coalesce(customer_type, 'Unknown') as customer_type,
        count(*) as quotes,
        sum(case when is_won then 1 else 0 end) as quotes_won,
        round(cast(avg(cast(discount_pct as {{ type_double() }})) as decimal(18, 8)), 6) as average_discount_pct
    from quotes
    group by 1, 2, 3, 4

),

opportunity_measures as (

    select
        coalesce(product_bundle_code, 'Unknown') as product_bundle_code,
        discount_band,
        discount_band_order,
        coalesce(customer_type, 'Unknown') as customer_type,
        count(*) as opportunities,
        sum(case when is_won then 1 else 0 end) as opportunities_won,
        sum(case when opportunity_status = 'Lost' then 1 else 0 end) as opportunities_lost,
        avg(cast(discount_pct as {{ type_double() }})) as average_final_discount_pct,
        sum(case when is_won then net_arr else 0 end) as won_net_arr
    from quotes
    where is_final_version
    group by 1, 2, 3, 4

),

joined as (

    select
        quote_measures.product_bundle_code,
        quote_measures.discount_band,
        quote_measures.discount_band_order,
        quote_measures.customer_type,
        quote_measures.quotes,
        quote_measures.quotes_won,
        {{ ratio('quote_measures.quotes_won', 'quote_measures.quotes') }} as quote_to_close_rate,
        quote_measures.average_discount_pct,
        coalesce(opportunity_measures.opportunities, 0) as opportunities,
        coalesce(opportunity_measures.opportunities_won, 0) as opportunities_won,
        coalesce(opportunity_measures.opportunities_lost, 0) as opportunities_lost,
        {{ win_rate('opportunity_measures.opportunities_won', 'opportunity_measures.opportunities_lost', none) }}
            as unrounded_win_rate,
        opportunity_measures.average_final_discount_pct as unrounded_average_final_discount_pct,
        coalesce(opportunity_measures.won_net_arr, 0) as won_net_arr
    from quote_measures
    left join opportunity_measures
        on
            quote_measures.product_bundle_code = opportunity_measures.product_bundle_code
            and quote_measures.discount_band = opportunity_measures.discount_band
            and quote_measures.customer_type = opportunity_measures.customer_type

),

with_previous as (

    select
        *,
        lag(discount_band) over (
            partition by product_bundle_code, customer_type order by discount_band_order
        ) as previous_discount_band,
        lag(cast(unrounded_win_rate as {{ type_double() }})) over (
            partition by product_bundle_code, customer_type order by discount_band_order
        ) as previous_win_rate,
        lag(unrounded_average_final_discount_pct) over (
            partition by product_bundle_code, customer_type order by discount_band_order
        ) as previous_average_final_discount_pct
    from joined

),

elasticity as (

    select
        *,
        {{ round_half_away('unrounded_win_rate') }} as win_rate,
        round(cast(unrounded_average_final_discount_pct as decimal(18, 8)), 6) as average_final_discount_pct,
        round(cast(case
            when
                previous_win_rate + cast(unrounded_win_rate as {{ type_double() }}) > 0
                and unrounded_average_final_discount_pct <> previous_average_final_discount_pct
                then
                    (
                        (cast(unrounded_win_rate as {{ type_double() }}) - previous_win_rate)
                        / ((cast(unrounded_win_rate as {{ type_double() }}) + previous_win_rate) / 2)
                    )
                    / (
                        (previous_average_final_discount_pct - unrounded_average_final_discount_pct)
                        / ((200 - unrounded_average_final_discount_pct - previous_average_final_discount_pct) / 2)
                    )
        end as decimal(18, 8)), 6) as win_rate_price_elasticity
    from with_previous

),

final as (

    select {{ contract_columns() }}
    from elasticity

)

select * from final
