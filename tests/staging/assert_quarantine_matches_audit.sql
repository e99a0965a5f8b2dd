-- audit_quarantined_rows lists exactly the rows the reconciliation counts as
-- quarantined, and every raw table of the audit list appears in the reconciliation.
with

reconciliation as (

    select * from {{ ref('audit_row_reconciliation') }}

),

quarantined as (

    select * from {{ ref('audit_quarantined_rows') }}

),

listed as (

    select
        source_table,
        count(*) as listed_rows
    from quarantined
    group by source_table

),

compared as (

    select
        reconciliation.source_table,
        reconciliation.quarantined_rows,
        coalesce(listed.listed_rows, 0) as listed_rows
    from reconciliation
    left join listed
        on reconciliation.source_table = listed.source_table
    where reconciliation.quarantined_rows <> coalesce(listed.listed_rows, 0)

)

select * from compared
