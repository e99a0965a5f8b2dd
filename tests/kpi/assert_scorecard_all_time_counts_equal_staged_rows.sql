-- The all_time row of the scorecard counts every staged record exactly once:
-- leads, won and lost opportunities, POCs, resolved tickets, quotes, and the
-- Income total of the accounting entries, each record that has the date that
-- places it in a month (staging nulls a date it cannot parse). Returns the row
-- when any differs.

{%- set checks = [
    ('leads_created', ref('stg_crm__leads'), 'count(*)', 'created_date is not null'),
    ('opps_won', ref('stg_crm__opportunities'), 'count(*)', "status = 'Won' and close_date is not null"),
    ('opps_lost', ref('stg_crm__opportunities'), 'count(*)', "status = 'Lost' and close_date is not null"),
    ('pocs_total', ref('stg_sales_ops__pocs'), 'count(*)', 'end_date is not null'),
    ('tickets_resolved', ref('stg_support__tickets'), 'count(*)',
        "status in ('Closed', 'Resolved') and updated_date is not null"),
    ('quotes_sent', ref('stg_cpq__quotes'), 'count(*)', 'quote_date is not null'),
    ('income', ref('stg_finance__accounting_entries'), 'coalesce(sum(amount), 0)',
        "account_type = 'Income' and transaction_date is not null"),
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
