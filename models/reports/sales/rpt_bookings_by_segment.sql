{#-
    Bookings, win rate and quota attainment by fiscal quarter of close x
    region x customer type x sales motion, with every roll-up: each of the
    three dimensions also takes the member 'All' (8 grouping combinations),
    so a reader filtering on any subset of them reads the rate from a row
    instead of recomputing it. Closed opportunities (fct_opportunities, Won
    or Lost) count in the fiscal quarter of their close date; region = the
    owner rep's region, else the account's territory region, else Unknown
    (as in rpt_pipeline_coverage); sales motion = opportunity_type. QRF =
    sum of quota_amount (stg_sales_ops__quotas) of the same cell. Win rate =
    won / (won + lost) by count; average deal size = bookings / won; attainment = bookings / QRF (null when the
    denominator is 0). Only quarters that started on or before as_of_date.
-#}
{%- set dimensions = ['region', 'customer_type', 'sales_motion'] -%}

with

opportunities as (

    select * from {{ ref('fct_opportunities') }}

),

quotas as (

    select * from {{ ref('stg_sales_ops__quotas') }}

),

quarters as (

    select distinct
        fiscal_quarter_start_date,
        fiscal_quarter_label
    from {{ ref('dim_dates') }}
    where fiscal_quarter_start_date <= {{ as_of_date() }}

),

closed as (

    select
        close_fiscal_quarter_start_date as fiscal_quarter_start_date,
        coalesce(owner_region, territory_region, 'Unknown') as region,
        coalesce(customer_type, 'Unknown') as customer_type,
        coalesce(opportunity_type, 'Unknown') as sales_motion,
        case when status = 'Won' then 1 else 0 end as won_count,
        case when status = 'Lost' then 1 else 0 end as lost_count,
        -- an amount or quota staging could not read (null) adds nothing to its cell
        case when status = 'Won' then coalesce(amount, 0) else 0 end as bookings_amount,
        cast(0 as decimal(18, 2)) as quota_amount
    from opportunities
    where status in ('Won', 'Lost')

),

quota_cells as (

    select
        fiscal_quarter_start as fiscal_quarter_start_date,
        region,
        customer_type,
        sales_motion,
        0 as won_count,
        0 as lost_count,
        cast(0 as decimal(18, 2)) as bookings_amount,
        coalesce(quota_amount, 0) as quota_amount
    from quotas

),

facts as (

    select * from closed
    union all
    select * from quota_cells

),

rolled_up as (

    {% for mask in range(2 ** dimensions | length) %}
        {%- set rolled = [] -%}
        {%- set kept = ['fiscal_quarter_start_date'] -%}
        {%- for dimension in dimensions -%}
            {%- do (rolled if (mask // (2 ** loop.index0)) % 2 == 1 else kept).append(dimension) -%}
        {%- endfor %}
        select
            {% for dimension in dimensions -%}
                {{ "'All' as " if dimension in rolled }}{{ dimension }},
            {% endfor -%}
            fiscal_quarter_start_date,
            sum(won_count) as won_count,
            sum(lost_count) as lost_count,
            sum(bookings_amount) as bookings_amount,
            sum(quota_amount) as quota_amount
        from facts
        group by {{ kept | join(', ') }}
        {% if not loop.last %}union all{% endif %}
    {% endfor %}

),

joined as (

    select
        rolled_up.*,
        quarters.fiscal_quarter_label,
        {{ ratio('rolled_up.won_count', 'rolled_up.won_count + rolled_up.lost_count') }} as opportunity_win_rate,
        {{ ratio('rolled_up.bookings_amount', 'rolled_up.won_count') }} as average_deal_size,
        {{ ratio('rolled_up.bookings_amount', 'rolled_up.quota_amount') }} as attainment
    from rolled_up
    inner join quarters
        on rolled_up.fiscal_quarter_start_date = quarters.fiscal_quarter_start_date

),

final as (

    select {{ contract_columns() }}
    from joined

)

select * from final
