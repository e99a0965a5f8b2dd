with

base as (

    select * from {{ ref('base_crm__activities') }}

),

staged as (

    select
        activity_id,
        activity_type,
        rep_id,
        account_id,
        contact_id,
        opp_id as opportunity_id,
        lead_id,
        activity_at,
        outcome,
        duration_minutes,
        _source_row,
        _loaded_at
    from base
    where
        quarantine_reason is null
        and duplicate_rank = 1

)

select * from staged
