-- Three listed issues in the shape of audit.audit_field_issues: order 2's amount,
-- order 3's status, and key 4 of another table.
with

issues as (

    select
        'orders' as source_table,
        '2' as row_key,
        'amount' as column_name

    union all

    select
        'orders' as source_table,
        '3' as row_key,
        'status' as column_name

    union all

    select
        'refunds' as source_table,
        '4' as row_key,
        'amount' as column_name

)

select * from issues
