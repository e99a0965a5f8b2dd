-- The all_time row of the scorecard counts every staged record exactly once:
-- leads, won and lost opportunities, POCs, resolved tickets, quotes, and the
-- Income total of the accounting entries. Returns the row when any differs.

{%- set checks = [
    ('leads_created', ref('stg_crm__leads'), 'count(*)', 'true'),
    ('opps_won', ref('stg_crm__opportunities'), 'count(*)', "status = 'Won'"),
    ('opps_lost', ref('stg_crm__opportunities'), 'count(*)', "status = 'Lost'"),
    ('pocs_total', ref('stg_sales_ops__pocs'), 'count(*)', 'true'),
    ('tickets_resolved', ref('stg_support__tickets'), 'count(*)', "status in ('Closed', 'Resolved')"),
    ('quotes_sent', ref('stg_cpq__quotes'), 'count(*)', 'true'),
    ('income', ref('stg_finance__accounting_entries'), 'sum(amount)', "account_type = 'Income'"),
] %}

with

scorecard as (

    select * from {{ ref('rpt_kpi_scorecard') }}
    where period_grain = 'all_time'

),

staged as (

    select
        {%- for kpi, relation, measure, condition in checks %}
            (
                select {{ measure }} from {{ relation }}
                where {{ condition }}
            ) as staged_{{ kpi }}
            {%- if not loop.last %},{% endif %}
        {%- endfor %}

),

mismatched as (

    select
        scorecard.*,
        staged.*
    from scorecard
    cross join staged
    where
    {%- for kpi, relation, measure, condition in checks %}
            {% if not loop.first %}or {% endif %}abs(scorecard.{{ kpi }} - staged.staged_{{ kpi }}) > 0.005
    {%- endfor %}

)

select * from mismatched
