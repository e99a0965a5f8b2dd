{#-
    One row per rep: is the rep active, eligible for the auto top-up, how many
    leads may the rep receive, and with what performance weight, as of
    var('as_of_date'). Thresholds are vars: max_open_leads (250),
    max_new_leads (30), min_in_progress_ratio (0.55).

    - open queue = New + In Progress leads owned.
    - active = hired on or before the as-of date and not terminated on or before it.
    - eligible = active, in a territory, in a lead-working role (var top_up_roles,
      default ['BDR']: the role that owns leads), and In Progress >= min_in_progress_ratio x open
      (compared exactly in decimals, so 11 of 20 = 0.55 is eligible) or open = 0.
    - top_up_capacity = greatest(0, least(max_open_leads - open, max_new_leads - New)).
    - performance_score = (activity_ratio + pipeline_health_ratio) x 0.5, in exact decimals, where
      activity_ratio = the rep's activities in the trailing window / the most
      by an active rep of the same territory and role (capped at 1), and
      pipeline_health_ratio = Converted / (Converted + Closed) owned leads.
    - performance_weight = 1 + floor(9 x performance_score): an integer 1..10,
      so it is never 0 and divides 2520 (the slot spacing used by the allocation).
-#}
{%- set top_up_roles = var('top_up_roles') -%}

with

workloads as (

    select * from {{ ref('int_rep_workloads_aggregated') }}

),

queues as (

    select
        *,
        new_leads + in_progress_leads as open_leads,
        coalesce(
            hire_date <= {{ as_of_date() }}
            and (termination_date is null or termination_date > {{ as_of_date() }}),
            false
        ) as is_active
    from workloads

),

evaluated as (

    select
        *,
        {{ ratio('in_progress_leads', 'open_leads') }} as in_progress_ratio,
        coalesce(
            is_active
            and territory_id is not null
            and role in ({% for role in top_up_roles %}'{{ role }}'{{ ", " if not loop.last }}{% endfor %})
            and (
                open_leads = 0
                or cast(in_progress_leads as decimal(18, 6))
                >= cast({{ var('min_in_progress_ratio') }} as decimal(18, 6)) * open_leads
            ),
            false
        ) as is_eligible,
        greatest(
            0,
            least({{ var('max_open_leads') }} - open_leads, {{ var('max_new_leads') }} - new_leads)
        ) as top_up_capacity,
        max(case when is_active then activities_in_window end) over (
            partition by territory_id, role
        ) as peer_max_activities
    from queues

),

ratios as (

    select
        *,
        cast(
            coalesce({{ ratio('least(activities_in_window, peer_max_activities)', 'peer_max_activities') }}, 0)
            as decimal(18, 6)
        ) as activity_ratio,
        cast(
            coalesce({{ ratio('converted_leads', 'converted_leads + closed_leads') }}, 0) as decimal(18, 6)
        ) as pipeline_health_ratio
    from evaluated

),

scored as (

    select
        *,
        cast((activity_ratio + pipeline_health_ratio) * 0.5 as decimal(18, 6)) as performance_score
    from ratios

),

weighted as (

    select
        rep_id,
        role,
        territory_id,
        hire_date,
        termination_date,
        is_active,
        new_leads,
        in_progress_leads,
        open_leads,
        converted_leads,
        closed_leads,
        in_progress_ratio,
        is_eligible,
        cast(top_up_capacity as {{ dbt.type_int() }}) as top_up_capacity,
        activities_in_window,
        activity_ratio,
        pipeline_health_ratio,
        performance_score,
        cast(1 + floor(9 * performance_score) as {{ dbt.type_int() }}) as performance_weight
    from scored

)

select * from weighted
