with

base as (

    select * from {{ ref('base_marketing__touches') }}

),

staged as (

    select
        touch_id,
        campaign_id,
        lead_id,
        contact_id,
        touch_type,
        touched_at,
        _source_row,
        _loaded_at
    from base
    where
        quarantine_reason is null
        and duplicate_rank = 1

)

select * from staged
