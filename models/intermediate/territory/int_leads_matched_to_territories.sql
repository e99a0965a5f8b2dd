{#-
    One row per lead that exists on var('as_of_date'), matched to the sales
    territory that owns the first two digits of its postal code (left-padded
    to five digits by the postal_code_prefix macro, so '2139', '02139' and
    '02139-4307' all fall in prefix '02'; unusable codes get no territory). Flags the
    open queue (New + In Progress) and the unassigned queue the auto top-up
    allocates from.
-#}

with

leads as (

    select * from {{ ref('stg_crm__leads') }}

),

territory_postal_prefixes as (

    select * from {{ ref('territory_postal_prefixes') }}

),

leads_as_of as (

    select
        lead_id,
        account_id,
        owner_rep_id,
        lead_status,
        lead_score,
        created_date,
        postal_code,
        {{ postal_code_prefix('postal_code') }} as postal_prefix
    from leads
    where created_date <= {{ as_of_date() }}

),

matched as (

    select
        leads_as_of.lead_id,
        leads_as_of.account_id,
        leads_as_of.owner_rep_id,
        leads_as_of.lead_status,
        leads_as_of.lead_score,
        leads_as_of.created_date,
        leads_as_of.postal_code,
        leads_as_of.postal_prefix,
        territory_postal_prefixes.territory_id,
        coalesce(leads_as_of.lead_status in ('New', 'In Progress'), false) as is_open,
        coalesce(
            leads_as_of.lead_status = 'Unassigned'
            or (leads_as_of.owner_rep_id is null and leads_as_of.lead_status in ('New', 'In Progress')),
            false
        ) as is_unassigned
    from leads_as_of
    left join territory_postal_prefixes
        on leads_as_of.postal_prefix = territory_postal_prefixes.postal_prefix

)

select * from matched
