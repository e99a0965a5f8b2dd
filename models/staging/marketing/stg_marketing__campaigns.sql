with

base as (

    select * from {{ ref('base_marketing__campaigns') }}

),

staged as (

    select
        campaign_id,
        campaign_name,
        channel,
        start_date,
        end_date,
        cast(budget as decimal(18, 2)) as budget,
        _source_row,
        _loaded_at
    from base
    where
        quarantine_reason is null
        and duplicate_rank = 1

)

select * from staged
