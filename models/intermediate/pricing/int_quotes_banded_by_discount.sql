{%- set edges = var('discount_band_edges_pct') -%}
{#-
    Discount banding and final-version flag, one row per quote.
    Bands: exactly 0 is its own band '0%'; then [0, e1) ... [e_n-1, e_n) and
    e_n and above (bounds from var discount_band_edges_pct), e.g. '0%',
    '0-10%', '10-20%', '20-30%', '30-40%', '40%+'. A null discount is 'Unknown'
    (band order 0). The final version of an opportunity's quotes is the highest
    quote_version (ties: latest quote_date, then highest quote_id).
-#}

with

quotes as (

    select * from {{ ref('stg_cpq__quotes') }}

),

banded as (

    select
        quote_id,
        opportunity_id,
        account_id,
        quote_date,
        product_bundle_code,
        quantity,
        list_price,
        discount_pct,
        term_months,
        quote_version,
        case
            when discount_pct is null then 'Unknown'
            when discount_pct = 0 then '0%'
            {%- for edge in edges %}
                when discount_pct < {{ edge }} then '{{ 0 if loop.first else edges[loop.index0 - 1] }}-{{ edge }}%'
            {%- endfor %}
            else '{{ edges[-1] }}%+'
        end as discount_band,
        case
            when discount_pct is null then 0
            when discount_pct = 0 then 1
            {%- for edge in edges %}
                when discount_pct < {{ edge }} then {{ loop.index + 1 }}
            {%- endfor %}
            else {{ edges | length + 2 }}
        end as discount_band_order,
        row_number() over (
            partition by opportunity_id
            order by quote_version desc, quote_date desc, quote_id desc
        ) = 1 as is_final_version
    from quotes

)

select * from banded
