{#-
    The auto top-up, as of var('as_of_date'): one row per Unassigned lead
    given to a rep. Set-based (window functions only, no recursion):

    1. every eligible rep with top_up_capacity c gets slots 1..c;
    2. slot k of a rep with performance weight w (integer 1..10) gets the key
       k x 2520 / w (exact integer: 2520 is divisible by 1..10), a weighted
       round robin (D'Hondt divisor order), so a rep with twice the weight gets
       slots twice as often; ties go to the higher weight, then the lower rep_id;
    3. slots are ranked within the territory by that key, the territory's
       Unassigned leads by LEAD_SCORE desc, created_date, lead_id;
    4. lead rank k takes slot rank k.

    Hence: a lead is allocated at most once and only in its territory; no rep
    exceeds its capacity; either every slot or every lead of a territory is
    used; and the leads a rep receives follow its weight.
-#}
{%- set max_slots = [var('max_open_leads') | int, var('max_new_leads') | int] | min -%}
{%- set slot_digits = (max_slots | string) | length -%}

with

leads as (

    select * from {{ ref('int_leads_matched_to_territories') }}

),

reps as (

    select * from {{ ref('int_reps_evaluated_for_top_up') }}

),

digits as (

    {% for digit in range(10) -%}
        select {{ digit }} as digit{{ " union all" if not loop.last }}
    {% endfor %}

),

slot_numbers as (

    select
        1
        {% for place in range(slot_digits) -%}
            + digits_{{ place }}.digit * {{ 10 ** place }}
        {% endfor -%}
            as slot_number
    from digits as digits_0
    {% for place in range(1, slot_digits) -%}
        cross join digits as digits_{{ place }}
    {% endfor %}

),

eligible_reps as (

    select
        rep_id,
        territory_id,
        top_up_capacity,
        performance_weight,
        case performance_weight
            {% for weight in range(1, 11) -%}
                when {{ weight }} then {{ 2520 // weight }}
            {% endfor %}
        end as slot_spacing
    from reps
    where
        is_eligible
        and territory_id is not null
        and top_up_capacity > 0
        and performance_weight between 1 and 10

),

rep_slots as (

    select
        eligible_reps.rep_id,
        eligible_reps.territory_id,
        eligible_reps.top_up_capacity,
        eligible_reps.performance_weight,
        slot_numbers.slot_number,
        slot_numbers.slot_number * eligible_reps.slot_spacing as slot_key
    from eligible_reps
    inner join slot_numbers
        on eligible_reps.top_up_capacity >= slot_numbers.slot_number

),

ranked_slots as (

    select
        *,
        row_number() over (
            partition by territory_id
            order by slot_key asc, performance_weight desc, rep_id asc
        ) as slot_rank
    from rep_slots

),

unassigned_leads as (

    select
        lead_id,
        territory_id,
        lead_score,
        created_date,
        row_number() over (
            partition by territory_id
            order by lead_score desc nulls last, created_date asc nulls last, lead_id asc
        ) as lead_rank,
        count(*) over (partition by territory_id) as territory_queue_leads
    from leads
    where
        is_unassigned
        and territory_id is not null

),

allocations as (

    select
        unassigned_leads.lead_id,
        ranked_slots.rep_id,
        unassigned_leads.territory_id,
        unassigned_leads.lead_rank as allocation_rank,
        ranked_slots.slot_number as rep_slot_number,
        ranked_slots.performance_weight,
        unassigned_leads.lead_score,
        unassigned_leads.created_date as lead_created_date,
        {{ as_of_date() }} as as_of_date,
        {{ dbt.concat([
            "'Auto top-up: unassigned lead ranked '",
            "cast(unassigned_leads.lead_rank as " ~ dbt.type_string() ~ ")",
            "' of '",
            "cast(unassigned_leads.territory_queue_leads as " ~ dbt.type_string() ~ ")",
            "' by score in territory '",
            "unassigned_leads.territory_id",
            "'; lead '",
            "cast(ranked_slots.slot_number as " ~ dbt.type_string() ~ ")",
            "' of '",
            "cast(ranked_slots.top_up_capacity as " ~ dbt.type_string() ~ ")",
            "' for the rep (weight '",
            "cast(ranked_slots.performance_weight as " ~ dbt.type_string() ~ ")",
            "')'",
        ]) }} as reason
    from unassigned_leads
    inner join ranked_slots
        on
            unassigned_leads.territory_id = ranked_slots.territory_id
            and unassigned_leads.lead_rank = ranked_slots.slot_rank

),

final as (

    select {{ contract_columns() }}
    from allocations

)

select * from final
