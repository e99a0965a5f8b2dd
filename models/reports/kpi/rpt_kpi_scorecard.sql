{#
    The company KPI scorecard: one row per calendar month, quarter and year
    that anchors a record or lies in the reporting window, plus one all_time
    row (period_start null). Counts and sums add up from
    int_kpi_measures_monthly; rates and averages are recomputed at each grain
    from those sums (fractions in [0, 1], null when the denominator is 0).
    ending_arr is the ARR on the last day of the period's last month (or on
    as_of_date when the period is not over; all_time: as_of_date).
    Growth: *_mom_growth on month rows, *_qoq_growth on quarter rows,
    *_yoy_growth on month, quarter and year rows (same period a year
    earlier); null where the grain does not allow it or the base is 0.
#}

{%- set additive = [
    'leads_created', 'leads_qualified', 'opps_won', 'opps_lost', 'won_amount',
    'pocs_total', 'pocs_successful', 'tickets_resolved', 'resolution_days_total',
    'quotes_sent', 'quotes_won', 'income',
] -%}
{%- set grown = ['leads_created', 'opps_won', 'income', 'ending_arr'] -%}

with

monthly as (

    select * from {{ ref('int_kpi_measures_monthly') }}

),

as_of_month as (

    select max(month_start_date) as month_start_date
    from monthly
    where month_start_date <= {{ as_of_date() }}

),

periods as (

    {%- for grain in ['month', 'quarter', 'year'] %}
        select
            '{{ grain }}' as period_grain,
            cast({{ dbt.date_trunc(grain, 'month_start_date') }} as date) as period_start,
            monthly.*
        from monthly
        {%- if not loop.last %}
            union all
        {%- endif %}
    {%- endfor %}
    union all
    select
        'all_time' as period_grain,
        cast(null as date) as period_start,
        monthly.*
    from monthly

),

closing_month as (

    {#- the last month of each period that is not after as_of_date -#}
    select
        periods.period_grain,
        periods.period_start,
        max(periods.month_start_date) as closing_month_start_date
    from periods
    inner join as_of_month
        on periods.month_start_date <= as_of_month.month_start_date
    group by periods.period_grain, periods.period_start

),

summed as (

    select
        periods.period_grain,
        periods.period_start,
        {%- for column in additive %}
            sum(periods.{{ column }}) as {{ column }},
        {%- endfor %}
        max(case
            when periods.month_start_date = closing_month.closing_month_start_date
                then periods.ending_arr
        end) as ending_arr
    from periods
    left join closing_month
        on
            periods.period_grain = closing_month.period_grain
            and coalesce(periods.period_start, cast('1900-01-01' as date))
            = coalesce(closing_month.period_start, cast('1900-01-01' as date))
    group by periods.period_grain, periods.period_start

),

rated as (

    select
        period_grain,
        period_start,
        case period_grain
            {%- for grain, months in [('month', 1), ('quarter', 3), ('year', 12)] %}
                when '{{ grain }}' then {{ dbt.dateadd('day', -1, dbt.dateadd('month', months, 'period_start')) }}
            {%- endfor %}
        end as period_end,
        leads_created,
        leads_qualified,
        {{ ratio('leads_qualified', 'leads_created') }} as lead_conversion_rate,
        opps_won,
        opps_lost,
        {{ win_rate('opps_won', 'opps_lost') }} as opportunity_win_rate,
        pocs_total,
        pocs_successful,
        {{ ratio('pocs_successful', 'pocs_total') }} as poc_success_rate,
        {{ ratio('won_amount', 'opps_won', 2) }} as average_deal_size,
        tickets_resolved,
        {{ ratio('resolution_days_total', 'tickets_resolved', 2) }} as avg_ticket_resolution_days,
        quotes_sent,
        quotes_won,
        {{ ratio('quotes_won', 'quotes_sent') }} as quote_to_close_rate,
        income,
        ending_arr
    from summed

),

grown as (

    select
        rated.*,
        {%- for column in grown %}
            case
                when rated.period_grain = 'month'
                    then {{ ratio('rated.' ~ column ~ ' - prior_period.' ~ column, 'prior_period.' ~ column) }}
            end as {{ column }}_mom_growth,
            case
                when rated.period_grain = 'quarter'
                    then {{ ratio('rated.' ~ column ~ ' - prior_period.' ~ column, 'prior_period.' ~ column) }}
            end as {{ column }}_qoq_growth,
            {{ ratio('rated.' ~ column ~ ' - prior_year.' ~ column, 'prior_year.' ~ column) }}
                as {{ column }}_yoy_growth
            {%- if not loop.last %},{% endif %}
        {%- endfor %}
    from rated
    left join rated as prior_period
        on
            rated.period_grain = prior_period.period_grain
            and rated.period_grain in ('month', 'quarter')
            and prior_period.period_end = {{ dbt.dateadd('day', -1, 'rated.period_start') }}
    left join rated as prior_year
        on
            rated.period_grain = prior_year.period_grain
            and prior_year.period_start = {{ dbt.dateadd('year', -1, 'rated.period_start') }}

),

final as (

    select {{ contract_columns() }}
    from grown

)

select * from final
