-- Goal of the health score on the generated world: AUC >= 0.70 over all scored
-- account-months (a warning, not an error: a small world can be noisy; improve
-- the score definition, not this test).
{{ config(severity='warn') }}

with

backtest as (

    select * from {{ ref('rpt_health_backtest') }}

)

select *
from backtest
where health_band = 'All' and (auc is null or auc < 0.70)
