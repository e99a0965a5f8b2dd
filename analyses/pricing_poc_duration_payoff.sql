-- Question: do proofs of concept pay off, and how long should one run? Win rate of opportunities after a POC
-- by duration band against the no-POC baseline, with the success rate and the most common blocker, per segment.
with

outcomes as (

    select * from {{ ref('rpt_poc_outcomes') }}

),

by_band as (

    select
        customer_type,
        duration_band,
        duration_band_order,
        sum(pocs) as pocs,
        sum(successful_pocs) as successful_pocs,
        sum(opportunities_won) as won,
        sum(opportunities_lost) as lost,
        sum(blocker_user_adoption_pocs) as user_adoption,
        sum(blocker_technical_complexity_pocs) as technical_complexity,
        sum(blocker_missing_integration_pocs) as missing_integration
    from outcomes
    group by customer_type, duration_band, duration_band_order

)

select
    customer_type,
    duration_band,
    pocs,
    cast(successful_pocs as decimal(18, 6)) / nullif(pocs, 0) as poc_success_rate,
    cast(won as decimal(18, 6)) / nullif(won + lost, 0) as win_rate,
    user_adoption,
    technical_complexity,
    missing_integration
from by_band
order by customer_type, duration_band_order
