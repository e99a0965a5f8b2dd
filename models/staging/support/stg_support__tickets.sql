with

base as (

    select * from {{ ref('base_support__tickets') }}

),

staged as (

    select
        ticket_id,
        customer_id as account_id,
        subject,
        description,
        status,
        priority,
        category,
        created_date,
        updated_date,
        assignee_name,
        _source_row,
        _loaded_at
    from base
    where
        quarantine_reason is null
        and duplicate_rank = 1

)

select * from staged
