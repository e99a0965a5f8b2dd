with

leads as (

    select * from {{ ref('fct_leads') }}

),

cohorted as (

    select
        cast({{ dbt.date_trunc('month', 'created_date') }} as date) as cohort_month,
        coalesce(lead_source, 'Unknown') as lead_source,
        coalesce(channel, 'Unknown') as channel,
        coalesce(industry, 'Unknown') as industry,
        coalesce(customer_type, 'Unknown') as customer_type,
        lead_id,
        is_mql,
        is_sql,
        is_qualified,
        has_opportunity,
        attributed_opportunity_status,
        days_to_mql,
        days_mql_to_sql,
        days_sql_to_opportunity,
        days_opportunity_to_close
    from leads

),

aggregated as (

    select
        cohort_month,
        lead_source,
        channel,
        industry,
        customer_type,
        count(*) as leads,
        sum(case when is_mql then 1 else 0 end) as mqls,
        sum(case when is_sql then 1 else 0 end) as sqls,
        sum(case when is_qualified then 1 else 0 end) as qualified_leads,
        sum(case when has_opportunity then 1 else 0 end) as opportunities,
        sum(case when attributed_opportunity_status = 'Won' then 1 else 0 end) as won,
        sum(case when attributed_opportunity_status = 'Lost' then 1 else 0 end) as lost,
        round(cast({{ percentile_cont('days_to_mql', 0.5) }} as decimal(18, 6)), 2)
            as median_days_to_mql,
        round(cast({{ percentile_cont('days_mql_to_sql', 0.5) }} as decimal(18, 6)), 2)
            as median_days_mql_to_sql,
        round(cast({{ percentile_cont('days_sql_to_opportunity', 0.5) }} as decimal(18, 6)), 2)
            as median_days_sql_to_opportunity,
        round(cast({{ percentile_cont('days_opportunity_to_close', 0.5) }} as decimal(18, 6)), 2)
            as median_days_opportunity_to_close
    from cohorted
    group by 1, 2, 3, 4, 5

),

rates as (

    select
        *,
        {{ ratio('mqls', 'leads') }} as lead_to_mql_rate,
        {{ ratio('sqls', 'mqls') }} as mql_to_sql_rate,
        {{ ratio('opportunities', 'sqls') }} as sql_to_opportunity_rate,
        {{ win_rate('won', 'lost') }} as opportunity_win_rate,
        {{ ratio('qualified_leads', 'leads') }} as lead_conversion_rate,
        {{ ratio('won', 'leads') }} as lead_to_won_rate
    from aggregated

),

final as (

    select {{ contract_columns() }}
    from rates

)

select * from final
