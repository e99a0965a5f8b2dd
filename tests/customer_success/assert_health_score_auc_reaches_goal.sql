-- Monitor: the health score's AUC should reach 0.70 over all scored
-- account-months. A statistical property of one world: a warning, never a failed
-- build; scripts/tests/test_realism_profile.py asserts the REALISM range
-- (0.70-0.85) in expectation over seeds.
{{ config(severity='warn') }}

with

backtest as (

    select * from {{ ref('rpt_health_backtest') }}

)

select *
from backtest
where health_band = 'All' and (auc is null or auc < 0.70)
