with

base as (

    select * from {{ ref('base_finance__accounting_entries') }}

),

staged as (

    select
        transaction_id,
        customer_id as account_id,
        customer_name,
        transaction_date,
        account_type,
        cast(amount as decimal(18, 2)) as amount,
        industry,
        customer_type,
        _source_row,
        _loaded_at
    from base
    where
        quarantine_reason is null
        and duplicate_rank = 1

)

select * from staged
