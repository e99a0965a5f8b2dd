-- The rows without identity, as decided once in base__row_identity.
with

identity as (

    select * from {{ ref('base__row_identity') }}

)

select * from identity
