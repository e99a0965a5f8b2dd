{#-
    One row per opportunity (stg_crm__opportunities) with its stage history,
    POC, final quote, attributed lead, channel, owner and fiscal quarter of
    close. Contact names (personal data) are not carried; contact_id is.
    cycle_days = close_date - created_date, only for Won/Lost opportunities.
    deal_size_band uses var('deal_size_band_edges') (ascending amounts).
-#}
{%- set band_edges = var('deal_size_band_edges') -%}

with

opportunities as (

    select * from {{ ref('stg_crm__opportunities') }}

),

stage_visits as (

    select * from {{ ref('int_opportunity_stage_visits_sequenced') }}

),

pocs as (

    select * from {{ ref('int_pocs_aggregated_to_opportunities') }}

),

final_quotes as (

    select * from {{ ref('int_quotes_ranked_to_final') }}

),

attributed_leads as (

    select * from {{ ref('int_opportunities_attributed_to_leads') }}

),

leads as (

    select * from {{ ref('stg_crm__leads') }}

),

channels as (

    select * from {{ ref('lead_source_channels') }}

),

reps as (

    select * from {{ ref('dim_reps') }}

),

accounts as (

    select * from {{ ref('dim_accounts') }}

),

dates as (

    select * from {{ ref('dim_dates') }}

),

stage_summary as (

    select
        opportunity_id,
        count(*) as stage_count,
        sum(case when is_regression then 1 else 0 end) as regression_count,
        sum(case when is_reentry then 1 else 0 end) as reentry_count,
        min(entered_date) as first_stage_entered_date,
        max(case when is_current_visit then days_in_stage end) as days_in_current_stage,
        max(case when is_current_visit and is_stalled then 1 else 0 end) = 1 as is_stalled
    from stage_visits
    group by opportunity_id

),

joined as (

    select
        opportunities.opportunity_id,
        opportunities.account_id,
        opportunities.contact_id,
        opportunities.opportunity_type,
        opportunities.customer_type,
        opportunities.status,
        opportunities.status <> 'Open' as is_closed,
        opportunities.status = 'Won' as is_won,
        opportunities.stage as current_stage,
        opportunities.forecast_category,
        round(cast(opportunities.probability as decimal(18, 6)) / 100, 6) as probability,
        opportunities.product_bundle_code,
        opportunities.amount,
        case
            {%- for edge in band_edges %}
                when
                    opportunities.amount < {{ edge }}
                    then '{{ "%02d" | format(loop.index) }} {{ (loop.previtem if not loop.first else 0) }}-{{ edge }}'
            {%- endfor %}
            when
                opportunities.amount >= {{ band_edges[-1] }}
                then '{{ "%02d" | format(band_edges | length + 1) }} {{ band_edges[-1] }}+'
        end as deal_size_band,
        opportunities.created_date,
        opportunities.close_date,
        case
            when opportunities.status in ('Won', 'Lost')
                then {{ dbt.datediff('opportunities.created_date', 'opportunities.close_date', 'day') }}
        end as cycle_days,
        opportunities.loss_reason,
        opportunities.competitor,
        opportunities.lead_source,
        opportunity_channels.channel,
        opportunity_channels.channel_group,
        coalesce(stage_summary.stage_count, 0) as stage_count,
        coalesce(stage_summary.regression_count, 0) as regression_count,
        coalesce(stage_summary.reentry_count, 0) as reentry_count,
        stage_summary.days_in_current_stage,
        coalesce(stage_summary.is_stalled, false) as is_stalled,
        pocs.opportunity_id is not null as has_poc,
        coalesce(pocs.poc_count, 0) as poc_count,
        pocs.has_successful_poc as poc_succeeded,
        pocs.latest_poc_primary_blocker,
        final_quotes.quote_id as final_quote_id,
        coalesce(final_quotes.quote_count, 0) as quote_count,
        final_quotes.quote_date as final_quote_date,
        final_quotes.product_bundle_code as final_quote_bundle_code,
        final_quotes.quantity as final_quote_seats,
        final_quotes.list_price as final_quote_list_price,
        final_quotes.discount_pct as final_quote_discount_pct,
        final_quotes.term_months as final_quote_term_months,
        final_quotes.net_arr as final_quote_net_arr,
        attributed_leads.lead_id as attributed_lead_id,
        leads.lead_source as attributed_lead_source,
        lead_channels.channel as attributed_lead_channel,
        lead_channels.channel_group as attributed_lead_channel_group,
        opportunities.owner_rep_id,
        reps.territory_id as owner_territory_id,
        reps.region as owner_region,
        accounts.territory_id,
        accounts.territory_region,
        close_dates.fiscal_year as close_fiscal_year,
        close_dates.fiscal_quarter as close_fiscal_quarter,
        close_dates.fiscal_quarter_label as close_fiscal_quarter_label,
        close_dates.fiscal_quarter_start_date as close_fiscal_quarter_start_date
    from opportunities
    left join stage_summary
        on opportunities.opportunity_id = stage_summary.opportunity_id
    left join pocs
        on opportunities.opportunity_id = pocs.opportunity_id
    left join final_quotes
        on opportunities.opportunity_id = final_quotes.opportunity_id
    left join attributed_leads
        on opportunities.opportunity_id = attributed_leads.opportunity_id
    left join leads
        on attributed_leads.lead_id = leads.lead_id
    left join channels as opportunity_channels
        on
            opportunity_channels.source_system = 'opportunities'
            and opportunities.lead_source = opportunity_channels.lead_source
    left join channels as lead_channels
        on
            lead_channels.source_system = 'leads'
            and leads.lead_source = lead_channels.lead_source
    left join reps
        on opportunities.owner_rep_id = reps.rep_id
    left join accounts
        on opportunities.account_id = accounts.account_id
    left join dates as close_dates
        on opportunities.close_date = close_dates.date_day

),

final as (

    select {{ contract_columns() }}
    from joined

)

select * from final
