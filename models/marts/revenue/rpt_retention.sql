{#
    Company retention per month t (SPEC section 5), over the accounts with
    ARR > 0 at the month-end twelve months earlier (the base):
      GRR(t) = sum(min(ARR_t, ARR_t-12)) / sum(ARR_t-12)
      NRR(t) = sum(ARR_t) / sum(ARR_t-12)
      logo retention(t) = base accounts still paying at t / base accounts
    Quick ratio(t) = (new + expansion + reactivation) / (contraction + churned)
    summed over the trailing twelve months t-11..t of fct_arr_movements.
    Rates are null when their denominator is 0 (e.g. the first year of history).
#}

with

months as (

    select * from {{ ref('int_arr_months_spined') }}

),

movements as (

    select * from {{ ref('fct_arr_movements') }}

),

base_accounts as (

    select
        current_month.month_start_date,
        prior_month.arr as base_arr,
        current_month.arr as current_arr,
        case when current_month.arr < prior_month.arr then current_month.arr else prior_month.arr end
            as retained_arr
    from movements as current_month
    inner join movements as prior_month
        on
            current_month.account_id = prior_month.account_id
            and current_month.month_number - 12 = prior_month.month_number
    where prior_month.arr > 0

),

base_by_month as (

    select
        month_start_date,
        sum(base_arr) as base_arr,
        sum(retained_arr) as gross_retained_arr,
        sum(current_arr) as net_retained_arr,
        count(*) as base_customers,
        sum(case when current_arr > 0 then 1 else 0 end) as retained_customers
    from base_accounts
    group by month_start_date

),

trailing_movements as (

    select
        months.month_start_date,
        sum(movements.new_arr) as new_arr,
        sum(movements.expansion_arr) as expansion_arr,
        sum(movements.reactivation_arr) as reactivation_arr,
        sum(movements.contraction_arr) as contraction_arr,
        sum(movements.churned_arr) as churned_arr
    from months
    inner join movements
        on
            months.month_number >= movements.month_number
            and months.month_number - 12 < movements.month_number
    group by months.month_start_date

),

first_month as (

    select min(month_number) as first_month_number
    from months

),

joined as (

    select
        months.month_start_date,
        months.month_end_date,
        months.month_number - 12 >= first_month.first_month_number as has_full_trailing_year,
        coalesce(base_by_month.base_arr, 0) as base_arr,
        coalesce(base_by_month.gross_retained_arr, 0) as gross_retained_arr,
        coalesce(base_by_month.net_retained_arr, 0) as net_retained_arr,
        coalesce(base_by_month.base_customers, 0) as base_customers,
        coalesce(base_by_month.retained_customers, 0) as retained_customers,
        coalesce(trailing_movements.new_arr, 0) as trailing_12m_new_arr,
        coalesce(trailing_movements.expansion_arr, 0) as trailing_12m_expansion_arr,
        coalesce(trailing_movements.reactivation_arr, 0) as trailing_12m_reactivation_arr,
        coalesce(trailing_movements.contraction_arr, 0) as trailing_12m_contraction_arr,
        coalesce(trailing_movements.churned_arr, 0) as trailing_12m_churned_arr
    from months
    cross join first_month
    left join base_by_month
        on months.month_start_date = base_by_month.month_start_date
    left join trailing_movements
        on months.month_start_date = trailing_movements.month_start_date

),

final as (

    select
        cast(month_start_date as date) as month_start_date,
        cast(month_end_date as date) as month_end_date,
        cast(has_full_trailing_year as boolean) as has_full_trailing_year,
        cast(base_customers as integer) as base_customers,
        cast(retained_customers as integer) as retained_customers,
        cast(base_arr as decimal(18, 2)) as base_arr,
        cast(gross_retained_arr as decimal(18, 2)) as gross_retained_arr,
        cast(net_retained_arr as decimal(18, 2)) as net_retained_arr,
        cast(round(cast(gross_retained_arr as decimal(18, 6)) / nullif(base_arr, 0), 6) as decimal(18, 6))
            as gross_revenue_retention_rate,
        cast(round(cast(net_retained_arr as decimal(18, 6)) / nullif(base_arr, 0), 6) as decimal(18, 6))
            as net_revenue_retention_rate,
        cast(
            round(cast(retained_customers as decimal(18, 6)) / nullif(base_customers, 0), 6) as decimal(18, 6)
        ) as logo_retention_rate,
        cast(trailing_12m_new_arr as decimal(18, 2)) as trailing_12m_new_arr,
        cast(trailing_12m_expansion_arr as decimal(18, 2)) as trailing_12m_expansion_arr,
        cast(trailing_12m_reactivation_arr as decimal(18, 2)) as trailing_12m_reactivation_arr,
        cast(trailing_12m_contraction_arr as decimal(18, 2)) as trailing_12m_contraction_arr,
        cast(trailing_12m_churned_arr as decimal(18, 2)) as trailing_12m_churned_arr,
        cast(
            round(
                cast(
                    trailing_12m_new_arr + trailing_12m_expansion_arr + trailing_12m_reactivation_arr as decimal(18, 6)
                )
                / nullif(trailing_12m_contraction_arr + trailing_12m_churned_arr, 0),
                6
            ) as decimal(18, 6)
        ) as quick_ratio
    from joined

)

select * from final
