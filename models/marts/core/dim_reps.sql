{#-
    One row per rep: role, manager, territory and region, whether employed on
    var('as_of_date') (hired on or before it and not yet terminated: a
    termination date is the first day no longer employed) and tenure in days
    up to the earlier of as_of_date and the termination date. Rep emails stay
    out of the marts (personal data).
-#}

with

reps as (

    select * from {{ ref('stg_crm__reps') }}

),

territories as (

    select * from {{ ref('territories') }}

),

managers as (

    select
        rep_id as manager_rep_id,
        full_name as manager_name
    from reps

),

tenure_end as (

    select
        *,
        case
            when termination_date is not null and termination_date < {{ as_of_date() }} then termination_date
            else {{ as_of_date() }}
        end as tenure_end_date
    from reps

),

joined as (

    select
        tenure_end.rep_id,
        tenure_end.full_name as rep_name,
        tenure_end.role,  -- noqa: RF04
        tenure_end.manager_rep_id,
        managers.manager_name,
        tenure_end.territory_id,
        territories.territory_name,
        tenure_end.region,
        tenure_end.hire_date,
        tenure_end.termination_date,
        tenure_end.hire_date <= {{ as_of_date() }}
        and (tenure_end.termination_date is null or tenure_end.termination_date > {{ as_of_date() }}) as is_active,
        case
            when tenure_end.hire_date <= tenure_end.tenure_end_date
                then {{ dbt.datediff('tenure_end.hire_date', 'tenure_end.tenure_end_date', 'day') }}
            else 0
        end as tenure_days
    from tenure_end
    left join managers
        on tenure_end.manager_rep_id = managers.manager_rep_id
    left join territories
        on tenure_end.territory_id = territories.territory_id

),

tenured as (

    select
        *,
        round(cast(tenure_days as {{ dbt.type_numeric() }}) / 30.4375, 2) as tenure_months
    from joined

),

final as (

    select {{ contract_columns() }}
    from tenured

)

select * from final
