{#-
    Matches every account to the sales territory that owns the first two
    digits of its postal code (seeds/territory_postal_prefixes, prefix kept as
    text with its leading zero). Accounts without a usable postal code keep a
    null territory rather than being dropped.
-#}

with

accounts as (

    select * from {{ ref('stg_crm__accounts') }}

),

territory_postal_prefixes as (

    select * from {{ ref('territory_postal_prefixes') }}

),

territories as (

    select * from {{ ref('territories') }}

),

account_prefixes as (

    select
        account_id,
        postal_code,
        {{ postal_code_prefix('postal_code') }} as postal_prefix
    from accounts

),

matched as (

    select
        account_prefixes.account_id,
        account_prefixes.postal_code,
        account_prefixes.postal_prefix,
        territories.territory_id,
        territories.territory_name,
        territories.region as territory_region
    from account_prefixes
    left join territory_postal_prefixes
        on account_prefixes.postal_prefix = territory_postal_prefixes.postal_prefix
    left join territories
        on territory_postal_prefixes.territory_id = territories.territory_id

)

select * from matched
