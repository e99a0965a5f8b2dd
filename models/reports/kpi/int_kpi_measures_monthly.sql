{#
    The additive parts of every scorecard KPI, per calendar month of the
    reporting window, each record counted in the month of its anchor date
    (SPEC 5): leads by created_date, won/lost opportunities by close_date,
    POCs by end_date, resolved tickets by updated_date, quotes by quote_date,
    Income by its accounting month. Every month of the window has a row, and
    so does any month outside it that anchors a record. Rates and averages are NOT computed
    here: the scorecard divides sums at each grain, so a quarter's win rate
    is won / (won + lost) of the quarter, never an average of monthly rates.
#}
{{ config(
    schema='intermediate', materialized='view', access='protected',
    contract={'enforced': false},
    grants=({'select': []} if target.type == 'postgres' else {})
) }}

with

window_months as (

    select distinct month_start_date
    from {{ ref('dim_dates') }}
    where
        date_day >= {{ window_start_date() }}
        and date_day <= {{ as_of_date() }}

),

leads as (

    select
        cast({{ dbt.date_trunc('month', 'created_date') }} as date) as month_start_date,
        count(*) as leads_created,
        sum(case when disposition_code = 'Qualified' then 1 else 0 end) as leads_qualified
    from {{ ref('fct_leads') }}
    group by 1

),

opportunities as (

    select
        cast({{ dbt.date_trunc('month', 'close_date') }} as date) as month_start_date,
        sum(case when status = 'Won' then 1 else 0 end) as opps_won,
        sum(case when status = 'Lost' then 1 else 0 end) as opps_lost,
        sum(case when status = 'Won' then amount else 0 end) as won_amount
    from {{ ref('fct_opportunities') }}
    where status in ('Won', 'Lost')
    group by 1

),

pocs as (

    select
        cast({{ dbt.date_trunc('month', 'end_date') }} as date) as month_start_date,
        count(*) as pocs_total,
        sum(case when is_successful then 1 else 0 end) as pocs_successful
    from {{ ref('fct_pocs') }}
    group by 1

),

tickets as (

    select
        cast({{ dbt.date_trunc('month', 'updated_date') }} as date) as month_start_date,
        count(*) as tickets_resolved,
        sum(resolution_days) as resolution_days_total
    from {{ ref('fct_support_tickets') }}
    where is_resolved
    group by 1

),

quotes as (

    select
        cast({{ dbt.date_trunc('month', 'quote_date') }} as date) as month_start_date,
        count(*) as quotes_sent,
        sum(case when is_won then 1 else 0 end) as quotes_won
    from {{ ref('fct_quotes') }}
    group by 1

),

income as (

    select
        month_start_date,
        sum(income) as income
    from {{ ref('fct_customer_financials') }}
    group by 1

),

arr as (

    select
        month_start_date,
        sum(arr) as ending_arr
    from {{ ref('fct_arr_monthly') }}
    group by 1

),

months as (

    {#- the window, plus any month a record is anchored in, so nothing dated is
        dropped (a record whose anchor date staging could not parse has no month) -#}
    select month_start_date from window_months
    union
    select month_start_date from leads
    union
    select month_start_date from opportunities
    union
    select month_start_date from pocs
    union
    select month_start_date from tickets
    union
    select month_start_date from quotes
    union
    select month_start_date from income

),

joined as (

    select
        months.month_start_date,
        coalesce(leads.leads_created, 0) as leads_created,
        coalesce(leads.leads_qualified, 0) as leads_qualified,
        coalesce(opportunities.opps_won, 0) as opps_won,
        coalesce(opportunities.opps_lost, 0) as opps_lost,
        coalesce(opportunities.won_amount, 0) as won_amount,
        coalesce(pocs.pocs_total, 0) as pocs_total,
        coalesce(pocs.pocs_successful, 0) as pocs_successful,
        coalesce(tickets.tickets_resolved, 0) as tickets_resolved,
        coalesce(tickets.resolution_days_total, 0) as resolution_days_total,
        coalesce(quotes.quotes_sent, 0) as quotes_sent,
        coalesce(quotes.quotes_won, 0) as quotes_won,
        coalesce(income.income, 0) as income,
        coalesce(arr.ending_arr, 0) as ending_arr
    from months
    left join leads on months.month_start_date = leads.month_start_date
    left join opportunities on months.month_start_date = opportunities.month_start_date
    left join pocs on months.month_start_date = pocs.month_start_date
    left join tickets on months.month_start_date = tickets.month_start_date
    left join quotes on months.month_start_date = quotes.month_start_date
    left join income on months.month_start_date = income.month_start_date
    left join arr on months.month_start_date = arr.month_start_date
    where months.month_start_date is not null

)

select * from joined
