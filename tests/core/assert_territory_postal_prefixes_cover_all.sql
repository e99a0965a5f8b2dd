-- Every two-digit postal prefix 00-99 belongs to a territory: exactly 100
-- distinct prefixes, each two characters long (so no leading zero was lost).
with

prefixes as (

    select * from {{ ref('territory_postal_prefixes') }}

),

summary as (

    select
        count(distinct postal_prefix) as prefix_count,
        min(postal_prefix) as lowest_prefix,
        max(postal_prefix) as highest_prefix
    from prefixes
    where length(postal_prefix) = 2

),

violations as (

    select *
    from summary
    where
        prefix_count <> 100
        or lowest_prefix <> '00'
        or highest_prefix <> '99'

)

select * from violations
