-- Every raw record ends in exactly one place: staged, quarantined or removed as
-- an exact duplicate. Returns the raw tables where a row was lost or invented.
with

reconciliation as (

    select * from {{ ref('audit_row_reconciliation') }}

),

unbalanced as (

    select
        source_table,
        raw_rows,
        staged_rows,
        quarantined_rows,
        duplicate_rows,
        raw_rows - (staged_rows + quarantined_rows + duplicate_rows) as unaccounted_rows
    from reconciliation
    where raw_rows <> staged_rows + quarantined_rows + duplicate_rows

)

select * from unbalanced
