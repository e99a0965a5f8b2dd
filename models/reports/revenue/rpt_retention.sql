{#
    Company retention per month t (SPEC section 5), over the accounts with
    ARR > 0 at the month-end twelve months earlier (the base):
      GRR(t) = sum(min(ARR_t, ARR_t-12)) / sum(ARR_t-12)
      NRR(t) = sum(ARR_t) / sum(ARR_t-12)
      logo retention(t) = base accounts still paying at t / base accounts
    Quick ratio(t) = (new + expansion + reactivation) / (contraction + churned)
    summed over the trailing twelve months t-11..t of fct_arr_movements.
    Rates are null when their denominator is 0 (e.g. the first year of history).
    The measures come from int_retention_segment_months_measured, summed over
    the segments; the rates from the macro retention_rates (both shared with
    rpt_retention_by_segment).
#}

with

months as (

    select * from {{ ref('int_arr_months_spined') }}

),

segment_measures as (

    select * from {{ ref('int_retention_segment_months_measured') }}

),

measures as (

    {#- additive over segments: every account lies in exactly one -#}
    select
        {%- for measure in retention_additive_measures() %}
            sum({{ measure }}) as {{ measure }},
        {%- endfor %}
        month_start_date
    from segment_measures
    group by month_start_date

),

first_month as (

    select min(month_number) as first_month_number
    from months

),

joined as (

    select
        months.month_start_date,
        months.month_end_date,
        {%- for measure in retention_additive_measures() %}
            coalesce(measures.{{ measure }}, 0) as {{ measure }},
        {%- endfor %}
        months.month_number - 12 >= first_month.first_month_number as has_full_trailing_year
    from months
    cross join first_month
    left join measures
        on months.month_start_date = measures.month_start_date

),

rated as (

    select
        *,
        {{ retention_rates() }}
    from joined

),

final as (

    select {{ contract_columns() }}
    from rated

)

select * from final
