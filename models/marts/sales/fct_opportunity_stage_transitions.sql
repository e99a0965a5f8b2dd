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

final as (

    select
        cast(visits.stage_visit_id as {{ dbt.type_string() }}) as stage_visit_id,
        cast(visits.opportunity_id as {{ dbt.type_string() }}) as opportunity_id,
        cast(opportunities.account_id as {{ dbt.type_string() }}) as account_id,
        cast(visits.visit_number as integer) as visit_number,
        cast(visits.stage_visit_number as integer) as stage_visit_number,
        cast(visits.stage as {{ dbt.type_string() }}) as stage,  -- noqa: RF04
        cast(visits.stage_order as integer) as stage_order,
        cast(visits.previous_stage as {{ dbt.type_string() }}) as previous_stage,
        cast(visits.next_stage as {{ dbt.type_string() }}) as next_stage,
        cast(visits.exit_type as {{ dbt.type_string() }}) as exit_type,
        cast(visits.entered_at as timestamp) as entered_at,
        cast(visits.exited_at as timestamp) as exited_at,
        cast(visits.entered_date as date) as entered_date,
        cast(visits.exited_date as date) as exited_date,
        cast(visits.days_in_stage as integer) as days_in_stage,
        cast(visits.amount as decimal(18, 2)) as amount,
        cast(round(cast(visits.probability as decimal(18, 6)) / 100, 6) as decimal(18, 6)) as probability,
        cast(visits.expected_close_date as date) as expected_close_date,
        cast(visits.changed_by_rep_id as {{ dbt.type_string() }}) as changed_by_rep_id,
        cast(visits.is_closed_stage as boolean) as is_closed_stage,
        cast(visits.is_current_visit as boolean) as is_current_visit,
        cast(visits.is_advancement as boolean) as is_advancement,
        cast(visits.is_regression as boolean) as is_regression,
        cast(visits.is_reentry as boolean) as is_reentry,
        cast(visits.is_stalled as boolean) as is_stalled
    from visits
    left join opportunities
        on visits.opportunity_id = opportunities.opportunity_id

)

select * from final
