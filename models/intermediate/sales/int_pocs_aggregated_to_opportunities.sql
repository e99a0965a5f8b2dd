{#-
    POC facts per opportunity: how many POCs it ran, whether any succeeded,
    and the outcome and blocker of the latest one (latest end_date, then
    highest poc_id). One row per opportunity with at least one POC.
-#}

with

pocs as (

    select * from {{ ref('stg_sales_ops__pocs') }}

),

ranked as (

    select
        *,
        row_number() over (
            partition by opportunity_id
            order by end_date desc, poc_id desc
        ) as recency_rank
    from pocs

),

aggregated as (

    select
        opportunity_id,
        count(*) as poc_count,
        max(case when is_successful then 1 else 0 end) = 1 as has_successful_poc
    from pocs
    group by opportunity_id

),

latest as (

    select
        aggregated.opportunity_id,
        aggregated.poc_count,
        aggregated.has_successful_poc,
        ranked.poc_id as latest_poc_id,
        ranked.end_date as latest_poc_end_date,
        ranked.is_successful as latest_poc_succeeded,
        ranked.primary_blocker as latest_poc_primary_blocker
    from aggregated
    inner join ranked
        on
            aggregated.opportunity_id = ranked.opportunity_id
            and ranked.recency_rank = 1

)

select * from latest
