with

base as (

    select * from {{ ref('base_crm__leads') }}

),

staged as (

    select
        lead_id,
        customer_id as account_id,
        lead_source,
        created_date,
        mql_date,
        sql_date,
        disposition_code,
        owner_rep_id,
        campaign_id,
        postal_code,
        lead_score,
        lead_status,
        _source_row,
        _loaded_at
    from base
    where
        quarantine_reason is null
        and duplicate_rank = 1

)

select * from staged
