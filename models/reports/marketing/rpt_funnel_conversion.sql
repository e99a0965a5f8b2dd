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
        {{ percentile_cont('days_to_mql', 0.5) }} as median_days_to_mql,
        {{ percentile_cont('days_mql_to_sql', 0.5) }} as median_days_mql_to_sql,
        {{ percentile_cont('days_sql_to_opportunity', 0.5) }} as median_days_sql_to_opportunity,
        {{ percentile_cont('days_opportunity_to_close', 0.5) }} as median_days_opportunity_to_close
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

    select
        cast(cohort_month as date) as cohort_month,
        cast(lead_source as {{ dbt.type_string() }}) as lead_source,
        cast(channel as {{ dbt.type_string() }}) as channel,
        cast(industry as {{ dbt.type_string() }}) as industry,
        cast(customer_type as {{ dbt.type_string() }}) as customer_type,
        cast(leads as integer) as leads,
        cast(mqls as integer) as mqls,
        cast(sqls as integer) as sqls,
        cast(qualified_leads as integer) as qualified_leads,
        cast(opportunities as integer) as opportunities,
        cast(won as integer) as won,
        cast(lost as integer) as lost,
        cast(lead_to_mql_rate as decimal(18, 6)) as lead_to_mql_rate,
        cast(mql_to_sql_rate as decimal(18, 6)) as mql_to_sql_rate,
        cast(sql_to_opportunity_rate as decimal(18, 6)) as sql_to_opportunity_rate,
        cast(opportunity_win_rate as decimal(18, 6)) as opportunity_win_rate,
        cast(lead_conversion_rate as decimal(18, 6)) as lead_conversion_rate,
        cast(lead_to_won_rate as decimal(18, 6)) as lead_to_won_rate,
        cast(round(cast(median_days_to_mql as decimal(18, 6)), 2) as decimal(12, 2)) as median_days_to_mql,
        cast(round(cast(median_days_mql_to_sql as decimal(18, 6)), 2) as decimal(12, 2)) as median_days_mql_to_sql,
        cast(round(cast(median_days_sql_to_opportunity as decimal(18, 6)), 2) as decimal(12, 2))
            as median_days_sql_to_opportunity,
        cast(round(cast(median_days_opportunity_to_close as decimal(18, 6)), 2) as decimal(12, 2))
            as median_days_opportunity_to_close
    from rates

)

select * from final
