{#-
    One row per product bundle of the price book (seeds/products.csv) with
    the product families it entitles (seeds/product_bundle_families.csv),
    list price, cost of goods rate and the implied gross margin at list price.
-#}

with

products as (

    select * from {{ ref('products') }}

),

bundle_families as (

    select * from {{ ref('product_bundle_families') }}

),

family_flags as (

    select
        product_bundle_code,
        count(*) as product_family_count,
        max(case when product_family = 'Platform' then 1 else 0 end) = 1 as includes_platform,
        max(case when product_family = 'Analytics' then 1 else 0 end) = 1 as includes_analytics,
        max(case when product_family = 'Mobile' then 1 else 0 end) = 1 as includes_mobile
    from bundle_families
    group by product_bundle_code

),

joined as (

    select
        products.*,
        1 - products.cost_of_goods_rate as gross_margin_rate,
        coalesce(family_flags.product_family_count, 0) as product_family_count,
        coalesce(family_flags.includes_platform, false) as includes_platform,
        coalesce(family_flags.includes_analytics, false) as includes_analytics,
        coalesce(family_flags.includes_mobile, false) as includes_mobile
    from products
    left join family_flags
        on products.product_bundle_code = family_flags.product_bundle_code

),

final as (

    select {{ contract_columns() }}
    from joined

)

select * from final
