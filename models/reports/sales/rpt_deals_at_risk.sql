{#-
    Open opportunities (fct_opportunities, status Open) as of var('as_of_date'),
    each with its history-calibrated win probability and the risk signals a
    sales manager acts on. See the docs block rpt_deals_at_risk:
    - calibrated_win_probability: int_opportunity_snapshots_scored at the
      snapshot point whose day is as_of_date (the running week), i.e. the
      in-quarter win rate of past quarters' pipeline of the same stage,
      segment and age band, shrunk towards the stage default; the stage
      default when the deal is not open in its stage history on that day;
    - stalled: fct_opportunities.is_stalled (no stage change for more than
      var('stalled_after_days'));
    - pushed out repeatedly: the expected close date moved later at least
      var('deal_risk_min_pushes') times in the stage history;
    - amount cut: amount at least var('deal_risk_amount_cut_min_rate') below
      its peak in the stage history;
    - no recent activity: no activity on the deal for more than
      var('deal_risk_inactive_days') days (counted from creation when none);
    - single-threaded: at most one contact engaged (the deal's contact and
      the contacts of its activities);
    - past expected close: expected close date before as_of_date.
    risk_level: High with at least var('deal_risk_high_min_flags') flags,
    Medium with one or more, Low with none.
-#}
{%- set as_of = as_of_date() -%}
{%- set flags = [
    ('is_stalled', 'stalled'),
    ('is_pushed_repeatedly', 'pushed out repeatedly'),
    ('has_amount_cut', 'amount cut'),
    ('is_inactive', 'no recent activity'),
    ('is_single_threaded', 'single-threaded'),
    ('is_past_expected_close', 'past expected close'),
] -%}
{%- set reason_pieces = [] -%}
{%- for column, label in flags -%}
    {%- do reason_pieces.append("case when " ~ column ~ " then ', " ~ label ~ "' else '' end") -%}
{%- endfor %}

with

opportunities as (

    select * from {{ ref('fct_opportunities') }}

),

scored as (

    select * from {{ ref('int_opportunity_snapshots_scored') }}

),

states as (

    select * from {{ ref('int_opportunity_states_dated') }}

),

activities as (

    select * from {{ ref('stg_crm__activities') }}

),

stages as (

    select * from {{ ref('opportunity_stages') }}

),

open_opportunities as (

    select * from opportunities
    where status = 'Open'

),

scored_today as (

    select
        opportunity_id,
        calibrated_probability,
        history_count
    from scored
    where
        snapshot_grain = 'weekly'
        and snapshot_date = {{ as_of }}

),

state_history as (

    select
        opportunity_id,
        sum(
            case when expected_close_date > previous_expected_close_date then 1 else 0 end
        ) as push_count,
        max(amount) as peak_amount
    from states
    where valid_from_date <= {{ as_of }}
    group by opportunity_id

),

activity_summary as (

    select
        opportunity_id,
        count(*) as activity_count,
        max(cast(activity_at as date)) as last_activity_date
    from activities
    where
        opportunity_id is not null
        and cast(activity_at as date) <= {{ as_of }}
    group by opportunity_id

),

engaged_contacts as (

    select
        opportunity_id,
        contact_id
    from activities
    where
        opportunity_id is not null
        and contact_id is not null
        and cast(activity_at as date) <= {{ as_of }}
    union
    select
        opportunity_id,
        contact_id
    from open_opportunities
    where contact_id is not null

),

contact_counts as (

    select
        opportunity_id,
        count(distinct contact_id) as engaged_contact_count
    from engaged_contacts
    group by opportunity_id

),

measured as (

    select
        open_opportunities.opportunity_id,
        open_opportunities.account_id,
        open_opportunities.owner_rep_id,
        open_opportunities.territory_id,
        coalesce(open_opportunities.owner_region, open_opportunities.territory_region, 'Unknown') as region,
        coalesce(open_opportunities.customer_type, 'Unknown') as customer_type,
        coalesce(open_opportunities.opportunity_type, 'Unknown') as sales_motion,
        open_opportunities.current_stage as stage,  -- noqa: RF04
        open_opportunities.amount,
        open_opportunities.created_date,
        open_opportunities.close_date as expected_close_date,
        open_opportunities.close_fiscal_quarter_label as expected_close_fiscal_quarter_label,
        open_opportunities.close_fiscal_quarter_start_date as expected_close_fiscal_quarter_start_date,
        coalesce(
            scored_today.calibrated_probability,
            cast(stages.default_probability as decimal(18, 6)) / 100
        ) as unrounded_win_probability,
        coalesce(scored_today.history_count, 0) as calibration_history_count,
        open_opportunities.days_in_current_stage,
        coalesce(open_opportunities.is_stalled, false) as is_stalled,
        coalesce(state_history.push_count, 0) as push_count,
        case
            when state_history.peak_amount is null or state_history.peak_amount < open_opportunities.amount
                then open_opportunities.amount
            else state_history.peak_amount
        end as peak_amount,
        coalesce(activity_summary.activity_count, 0) as activity_count,
        activity_summary.last_activity_date,
        {{ dbt.datediff(
            'coalesce(activity_summary.last_activity_date, open_opportunities.created_date)', as_of, 'day'
        ) }} as days_since_last_activity,
        coalesce(contact_counts.engaged_contact_count, 0) as engaged_contact_count,
        {{ dbt.datediff(as_of, 'open_opportunities.close_date', 'day') }}
            as days_to_expected_close
    from open_opportunities
    left join scored_today
        on open_opportunities.opportunity_id = scored_today.opportunity_id
    left join stages
        on open_opportunities.current_stage = stages.stage_name
    left join state_history
        on open_opportunities.opportunity_id = state_history.opportunity_id
    left join activity_summary
        on open_opportunities.opportunity_id = activity_summary.opportunity_id
    left join contact_counts
        on open_opportunities.opportunity_id = contact_counts.opportunity_id

),

flagged as (

    select
        *,
        {{ ratio('peak_amount - amount', 'peak_amount') }} as amount_cut_rate,
        push_count >= {{ var('deal_risk_min_pushes') }} as is_pushed_repeatedly,
        coalesce(
            amount <= peak_amount * (1 - {{ var('deal_risk_amount_cut_min_rate') }}) and amount < peak_amount,
            false
        ) as has_amount_cut,
        coalesce(days_since_last_activity > {{ var('deal_risk_inactive_days') }}, false) as is_inactive,
        engaged_contact_count <= 1 as is_single_threaded,
        coalesce(expected_close_date < {{ as_of }}, false) as is_past_expected_close
    from measured

),

counted as (

    select
        *,
        {% for column, _ in flags -%}
            case when {{ column }} then 1 else 0 end{{ ' +' if not loop.last }}
        {% endfor -%}
            as risk_flag_count,
        substr(
            {{ dbt.concat(reason_pieces) }},
            3
        ) as risk_reason_text
    from flagged

),

levelled as (

    select
        *,
        round(unrounded_win_probability, 6) as calibrated_win_probability,
        round(amount * unrounded_win_probability, 2) as expected_amount,
        case
            when risk_flag_count >= {{ var('deal_risk_high_min_flags') }} then 'High'
            when risk_flag_count >= 1 then 'Medium'
            else 'Low'
        end as risk_level,
        nullif(risk_reason_text, '') as risk_reasons
    from counted

),

final as (

    select {{ contract_columns() }}
    from levelled

)

select * from final
