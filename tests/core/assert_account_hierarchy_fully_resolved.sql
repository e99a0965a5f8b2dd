-- No account's chain of parents is deeper than the self-joins resolve (or
-- loops back on itself): every chain must reach a top-level account or a
-- missing parent within the resolved levels of int_accounts_hierarchy_resolved.
with

hierarchy as (

    select * from {{ ref('int_accounts_hierarchy_resolved') }}

),

truncated as (

    select
        account_id,
        declared_parent_account_id,
        ultimate_parent_account_id,
        hierarchy_depth
    from hierarchy
    where is_hierarchy_truncated

)

select * from truncated
