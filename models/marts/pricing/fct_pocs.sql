{%- set edges = var('poc_duration_band_edges_days') -%}
{%- set lows = [0] -%}
{%- for edge in edges[:-1] -%}{%- do lows.append(edge + 1) -%}{%- endfor -%}

with

pocs as (

    select * from {{ ref('stg_sales_ops__pocs') }}

),

opportunities as (

    select * from {{ ref('stg_crm__opportunities') }}

),

accounts as (

    select * from {{ ref('stg_crm__accounts') }}

),

enriched as (

    select
        pocs.poc_id,
        pocs.opportunity_id,
        pocs.account_id,
        accounts.industry,
        coalesce(opportunities.customer_type, accounts.customer_type) as customer_type,
        opportunities.product_bundle_code,
        pocs.start_date,
        pocs.end_date,
        {{ dbt.datediff('pocs.start_date', 'pocs.end_date', 'day') }} as duration_days,  -- noqa: LT05
        pocs.is_successful,
        pocs.primary_blocker,
        opportunities.status as opportunity_status,
        opportunities.close_date as opportunity_close_date,
        opportunities.amount as opportunity_amount,
        opportunities.status = 'Won' as is_opportunity_won,
        opportunities.status in ('Won', 'Lost') as is_opportunity_closed
    from pocs
    left join opportunities
        on pocs.opportunity_id = opportunities.opportunity_id
    left join accounts
        on pocs.account_id = accounts.account_id

),

banded as (

    select
        *,
        case
            when duration_days is null then 'Unknown'
            {%- for edge in edges %}
                when duration_days <= {{ edge }} then '{{ lows[loop.index0] }}-{{ edge }} days'
            {%- endfor %}
            else '{{ edges[-1] + 1 }}+ days'
        end as duration_band,
        case
            when duration_days is null then 0
            {%- for edge in edges %}
                when duration_days <= {{ edge }} then {{ loop.index }}
            {%- endfor %}
            else {{ edges | length + 1 }}
        end as duration_band_order
    from enriched

),

final as (

    select {{ contract_columns() }}
    from banded

)

select * from final
