{#-
    One row per stage visit of stg_crm__opportunity_stage_history. The logic
    (ordering, exits, days in stage, advancement / regression / re-entry /
    stalled flags) lives in int_opportunity_stage_visits_sequenced; this
    model adds the opportunity's segment and deal-size band and fixes the
    contract types.
-#}

with

visits as (

    select * from {{ ref('int_opportunity_stage_visits_sequenced') }}

),

opportunities as (

    select * from {{ ref('stg_crm__opportunities') }}

),

joined as (

    select
        visits.stage_visit_id,
        visits.opportunity_id,
        opportunities.account_id,
        visits.visit_number,
        visits.stage_visit_number,
        visits.stage,
        visits.stage_order,
        visits.previous_stage,
        visits.next_stage,
        visits.exit_type,
        visits.entered_at,
        visits.exited_at,
        visits.entered_date,
        visits.exited_date,
        visits.days_in_stage,
        visits.amount,
        round(cast(visits.probability as decimal(18, 6)) / 100, 6) as probability,
        visits.expected_close_date,
        visits.changed_by_rep_id,
        visits.is_closed_stage,
        visits.is_current_visit,
        visits.is_advancement,
        visits.is_regression,
        visits.is_reentry,
        visits.is_stalled
    from visits
    left join opportunities
        on visits.opportunity_id = opportunities.opportunity_id

),

final as (

    select {{ contract_columns() }}
    from joined

)

select * from final
