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
        avg(cast(discount_pct as {{ type_double() }})) as average_discount_pct
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
            as win_rate,
        opportunity_measures.average_final_discount_pct,
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
        lag(cast(win_rate as {{ type_double() }})) over (
            partition by product_bundle_code, customer_type order by discount_band_order
        ) as previous_win_rate,
        lag(average_final_discount_pct) over (
            partition by product_bundle_code, customer_type order by discount_band_order
        ) as previous_average_final_discount_pct
    from joined

),

elasticity as (

    select
        *,
        case
            when
                previous_win_rate + cast(win_rate as {{ type_double() }}) > 0
                and average_final_discount_pct <> previous_average_final_discount_pct
                then
                    (
                        (cast(win_rate as {{ type_double() }}) - previous_win_rate)
                        / ((cast(win_rate as {{ type_double() }}) + previous_win_rate) / 2)
                    )
                    / (
                        (previous_average_final_discount_pct - average_final_discount_pct)
                        / ((200 - average_final_discount_pct - previous_average_final_discount_pct) / 2)
                    )
        end as win_rate_price_elasticity
    from with_previous

),

final as (

    select
        cast(product_bundle_code as {{ dbt.type_string() }}) as product_bundle_code,
        cast(discount_band as {{ dbt.type_string() }}) as discount_band,
        cast(discount_band_order as integer) as discount_band_order,
        cast(customer_type as {{ dbt.type_string() }}) as customer_type,
        cast(quotes as integer) as quotes,
        cast(quotes_won as integer) as quotes_won,
        cast(quote_to_close_rate as decimal(18, 6)) as quote_to_close_rate,
        cast(round(cast(average_discount_pct as decimal(18, 8)), 6) as decimal(18, 6)) as average_discount_pct,
        cast(opportunities as integer) as opportunities,
        cast(opportunities_won as integer) as opportunities_won,
        cast(opportunities_lost as integer) as opportunities_lost,
        cast({{ round_half_away('win_rate') }} as decimal(18, 6)) as win_rate,
        cast(round(cast(average_final_discount_pct as decimal(18, 8)), 6) as decimal(18, 6))
            as average_final_discount_pct,
        cast(won_net_arr as decimal(18, 2)) as won_net_arr,
        cast(previous_discount_band as {{ dbt.type_string() }}) as previous_discount_band,
        cast(round(cast(win_rate_price_elasticity as decimal(18, 8)), 6) as decimal(18, 6))
            as win_rate_price_elasticity
    from elasticity

)

select * from final
