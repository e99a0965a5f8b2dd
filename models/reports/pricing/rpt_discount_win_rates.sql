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

-- one pass over the quotes: the quote measures count every version, the opportunity measures only final ones
measures as (

    select
        coalesce(product_bundle_code, 'Unknown') as product_bundle_code,
        discount_band,
        discount_band_order,
        coalesce(customer_type, 'Unknown') as customer_type,
        count(*) as quotes,
        sum(case when is_won then 1 else 0 end) as quotes_won,
        round(cast(avg(cast(discount_pct as {{ type_double() }})) as decimal(18, 8)), 6) as average_discount_pct,
        sum(case when is_final_version then 1 else 0 end) as opportunities,
        sum(case when is_final_version and is_won then 1 else 0 end) as opportunities_won,
        sum(case when is_final_version and opportunity_status = 'Lost' then 1 else 0 end) as opportunities_lost,
        avg(case when is_final_version then cast(discount_pct as {{ type_double() }}) end)
            as unrounded_average_final_discount_pct,
        -- a won quote whose net ARR staging could not read (price, quantity or discount nulled) adds nothing
        coalesce(sum(case when is_final_version and is_won then net_arr end), 0) as won_net_arr
    from quotes
    group by 1, 2, 3, 4

),

joined as (

    select
        *,
        {{ ratio('quotes_won', 'quotes') }} as quote_to_close_rate,
        {{ win_rate('opportunities_won', 'opportunities_lost', none) }} as unrounded_win_rate
    from measures

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
