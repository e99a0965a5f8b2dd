with

base as (

    select * from {{ ref('base_crm__reps') }}

),

staged as (

    select
        rep_id,
        full_name,
        email,
        role,  -- noqa: RF04
        manager_rep_id,
        territory_id,
        region,
        hire_date,
        termination_date,
        _source_row,
        _loaded_at
    from base
    where
        quarantine_reason is null
        and duplicate_rank = 1

)

select * from staged
