{#-
    The final quote of each opportunity: the highest quote_version, then the
    latest quote_date, then the highest quote_id (deterministic tie-break).
    One row per opportunity that has at least one quote. Net ARR = list price
    x seats x (1 - discount), the annual contract value the quote implies.
-#}

with

quotes as (

    select * from {{ ref('stg_cpq__quotes') }}

),

ranked as (

    select
        *,
        count(*) over (partition by opportunity_id) as quote_count,
        row_number() over (
            partition by opportunity_id
            order by quote_version desc, quote_date desc, quote_id desc
        ) as recency_rank
    from quotes

),

final_quotes as (

    select
        quote_id,
        opportunity_id,
        quote_date,
        product_bundle_code,
        quantity,
        cast(list_price as decimal(18, 2)) as list_price,
        cast(round(cast(discount_pct as decimal(18, 6)), 6) as decimal(18, 6)) as discount_pct,
        term_months,
        quote_version,
        quote_count,
        cast(
            round(
                cast(list_price as decimal(18, 2)) * quantity
                * (100 - cast(round(cast(discount_pct as decimal(18, 6)), 6) as decimal(18, 6))) / 100,
                2
            ) as decimal(18, 2)
        ) as net_arr
    from ranked
    where recency_rank = 1

)

select * from final_quotes
