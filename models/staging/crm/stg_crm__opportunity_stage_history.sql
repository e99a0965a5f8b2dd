with

base as (

    select * from {{ ref('base_crm__opportunity_stage_history') }}

),

staged as (

    select
        history_id,
        opp_id as opportunity_id,
        stage,  -- noqa: RF04
        entered_at,
        cast(amount as decimal(18, 2)) as amount,
        probability,
        expected_close_date,
        changed_by_rep_id,
        _source_row,
        _loaded_at
    from base
    where
        quarantine_reason is null
        and duplicate_rank = 1

)

select * from staged
