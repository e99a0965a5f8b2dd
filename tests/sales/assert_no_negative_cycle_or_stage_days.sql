-- Durations are never negative (the datediff argument order bug of other packages): cycle days of
-- closed opportunities and days in stage of every stage visit. Closed opportunities must have a
-- cycle, unless staging nulled a date it could not parse. Returns the offending rows.

with

opportunities as (

    select * from {{ ref('fct_opportunities') }}

),

transitions as (

    select * from {{ ref('fct_opportunity_stage_transitions') }}

),

bad_cycles as (

    select
        'fct_opportunities' as model_name,
        opportunity_id as row_key,
        cycle_days as duration_days
    from opportunities
    where
        cycle_days < 0
        or (is_closed and cycle_days is null and created_date is not null and close_date is not null)

),

bad_stage_days as (

    select
        'fct_opportunity_stage_transitions' as model_name,
        stage_visit_id as row_key,
        days_in_stage as duration_days
    from transitions
    where
        days_in_stage < 0
        or (exited_at is not null and days_in_stage is null)

)

select * from bad_cycles
union all
select * from bad_stage_days
