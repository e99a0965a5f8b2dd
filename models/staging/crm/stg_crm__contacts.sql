with

base as (

    select * from {{ ref('base_crm__contacts') }}

),

staged as (

    select
        contact_id,
        account_id,
        first_name,
        last_name,
        email,
        phone,
        title,
        persona,
        region,
        created_at,
        _source_row,
        _loaded_at
    from base
    where
        quarantine_reason is null
        and duplicate_rank = 1

)

select * from staged
