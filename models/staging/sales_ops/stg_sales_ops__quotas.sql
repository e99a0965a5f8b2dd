with

base as (

    select * from {{ ref('base_sales_ops__quotas') }}

),

staged as (

    select
        quota_id,
        rep_id,
        region,
        customer_type,
        sales_motion,
        fiscal_quarter_start,
        cast(quota_amount as decimal(18, 2)) as quota_amount,
        _source_row,
        _loaded_at
    from base
    where
        quarantine_reason is null
        and duplicate_rank = 1

)

select * from staged
