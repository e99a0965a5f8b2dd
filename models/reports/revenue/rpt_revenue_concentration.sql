{#
    Revenue concentration at every month-end (as_of_date for the current
    month): share of ARR held by the top 10% and top 20% of paying customers
    (the ceiling of 10% / 20% of the customer count, ranked by ARR, ties broken
    by account_id) and by the largest customer. One row per month x cut:
    dimension_type 'company' (dimension_value 'All'), 'owner_rep',
    'region' and 'customer_size_band'; share_of_company_arr is the cut's ARR
    over the company's ARR that month.
#}
{%- set dimension_cuts = [
    ('company', "'All'"),
    ('owner_rep', 'owner_rep_id'),
    ('region', 'region'),
    ('customer_size_band', 'customer_size_band'),
] -%}

with

arr_monthly as (

    select * from {{ ref('fct_arr_monthly') }}

),

paying as (

    select
        account_id,
        month_start_date,
        month_end_date,
        arr,
        coalesce(owner_rep_id, 'Unassigned') as owner_rep_id,
        coalesce(region, 'Unknown') as region,
        coalesce(customer_size_band, 'Unknown') as customer_size_band
    from arr_monthly
    where is_paying

),

cuts as (

    {%- for dimension_type, dimension_value in dimension_cuts %}
        select
            account_id,
            month_start_date,
            month_end_date,
            arr,
            '{{ dimension_type }}' as dimension_type,
            {{ dimension_value }} as dimension_value
        from paying
        {%- if not loop.last %}
            union all
        {%- endif %}
    {%- endfor %}

),

ranked as (

    select
        *,
        row_number() over (
            partition by month_start_date, dimension_type, dimension_value
            order by arr desc, account_id asc
        ) as arr_rank,
        count(*) over (partition by month_start_date, dimension_type, dimension_value) as cut_customers
    from cuts

),

flagged as (

    select
        *,
        ceil(cast(cut_customers as decimal(18, 6)) * 0.1) as top_10pct_customers,
        ceil(cast(cut_customers as decimal(18, 6)) * 0.2) as top_20pct_customers
    from ranked

),

aggregated as (

    select
        month_start_date,
        month_end_date,
        dimension_type,
        dimension_value,
        count(*) as customers,
        sum(arr) as total_arr,
        max(top_10pct_customers) as top_10pct_customers,
        max(top_20pct_customers) as top_20pct_customers,
        sum(case when arr_rank <= top_10pct_customers then arr else 0 end) as top_10pct_arr,
        sum(case when arr_rank <= top_20pct_customers then arr else 0 end) as top_20pct_arr,
        max(arr) as largest_customer_arr
    from flagged
    group by month_start_date, month_end_date, dimension_type, dimension_value

),

company as (

    select
        month_start_date,
        total_arr as company_arr
    from aggregated
    where dimension_type = 'company'

),

shared as (

    select
        aggregated.*,
        {{ ratio('aggregated.total_arr', 'company.company_arr') }} as share_of_company_arr,
        {{ ratio('aggregated.top_10pct_arr', 'aggregated.total_arr') }} as top_10pct_arr_share,
        {{ ratio('aggregated.top_20pct_arr', 'aggregated.total_arr') }} as top_20pct_arr_share,
        {{ ratio('aggregated.largest_customer_arr', 'aggregated.total_arr') }} as largest_customer_arr_share
    from aggregated
    inner join company
        on aggregated.month_start_date = company.month_start_date

),

final as (

    select {{ contract_columns() }}
    from shared

)

select * from final
