with

base as (

    select * from {{ ref('base_sales_ops__pocs') }}

),

staged as (

    select
        poc_id,
        opp_id as opportunity_id,
        customer_id as account_id,
        start_date,
        end_date,
        duration_days,
        case success_flag when 1 then true when 0 then false end as is_successful,
        primary_blocker,
        _source_row,
        _loaded_at
    from base
    where
        quarantine_reason is null
        and duplicate_rank = 1

)

select * from staged
