{#
    Customer health per paying account x month (ARR > 0 at the month end).
    health_score = sum(weight x component score) / sum(weight of the components
    present): weights from seed health_score_weights; a null component drops its
    weight (re-normalisation); all components null => null score and band.
    Band = the health_score_thresholds row with the highest min_score <= score
    (Red from 0, Yellow from 40, Green from 70: 40 and 70 exactly are Yellow and
    Green). Change vs prior month compares with the previous calendar month
    (null when the account was not scored then). arr_at_risk = ARR of Red
    accounts plus var('health_yellow_arr_at_risk_share') of the ARR of Yellow
    accounts (0 for Green and unscored).
#}
{%- set yellow_share = var('health_yellow_arr_at_risk_share') -%}
{#- the components of int_customer_health_components_scored (<component>_score), as named in seed
    health_score_weights -#}
{%- set health_components = ['activation', 'usage_trend', 'support_load', 'financial_trend', 'commercial'] -%}

with

components as (

    select * from {{ ref('int_customer_health_components_scored') }}

),

weights as (

    select * from {{ ref('health_score_weights') }}

),

thresholds as (

    select * from {{ ref('health_score_thresholds') }}

),

accounts as (

    select * from {{ ref('dim_accounts') }}

),

weights_pivoted as (

    select
        {%- for component in health_components %}
            coalesce(max(case when component = '{{ component }}' then weight end), 0)
                as {{ component }}_weight{% if not loop.last %},{% endif %}
        {%- endfor %}
    from weights

),

weighted as (

    select
        components.*,
        {%- for component in health_components %}
            {{ '+ ' if not loop.first }}case
                when components.{{ component }}_score is not null then weights_pivoted.{{ component }}_weight
                else 0
            end
        {%- endfor %} as present_weight,
        {%- for component in health_components %}
            {{ '+ ' if not loop.first }}coalesce(
                components.{{ component }}_score * weights_pivoted.{{ component }}_weight, 0
            )
        {%- endfor %} as weighted_points,
        {%- for component in health_components %}
            {{ '+ ' if not loop.first }}case when components.{{ component }}_score is not null then 1 else 0 end
        {%- endfor %} as components_present
    from components
    cross join weights_pivoted

),

scored as (

    select
        *,
        {{ ratio('weighted_points', 'present_weight') }} as health_score
    from weighted

),

banded as (

    select
        scored.account_id,
        scored.month_start_date,
        thresholds.health_band,
        thresholds.band_order,
        row_number() over (
            partition by scored.account_id, scored.month_start_date
            order by thresholds.min_score desc
        ) as threshold_rank
    from scored
    inner join thresholds
        on scored.health_score >= thresholds.min_score

),

with_band as (

    select
        scored.*,
        banded.health_band,
        banded.band_order
    from scored
    left join banded
        on
            scored.account_id = banded.account_id
            and scored.month_start_date = banded.month_start_date
            and banded.threshold_rank = 1

),

with_prior as (

    select
        with_band.*,
        prior_month.health_score as prior_health_score,
        prior_month.health_band as prior_health_band
    from with_band
    left join with_band as prior_month
        on
            with_band.account_id = prior_month.account_id
            and with_band.month_number - 1 = prior_month.month_number

),

joined as (

    select
        with_prior.*,
        accounts.ultimate_parent_account_id,
        accounts.customer_type,
        with_prior.health_score - with_prior.prior_health_score as health_score_change,
        case
            when with_prior.health_band = 'Red' then with_prior.arr
            when with_prior.health_band = 'Yellow' then round(with_prior.arr * {{ yellow_share }}, 2)
            else 0
        end as arr_at_risk
    from with_prior
    left join accounts
        on with_prior.account_id = accounts.account_id

),

final as (

    select {{ contract_columns() }}
    from joined

)

select * from final
