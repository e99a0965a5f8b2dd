{#
    The opportunity state in force at the end of `day`, for a join to
    int_opportunity_states_dated (aliased `states`, or name it): the state
    whose validity interval [valid_from_date, valid_to_date) holds that day,
    valid_to_date null for the state still current. Every snapshot of the
    pipeline (fct_pipeline_snapshots_weekly, the quarter snapshots, the
    starting and ending pipeline of rpt_pipeline_flow, the won-in-quarter
    flags of the calibration) reads a state through this one condition.
#}
{% macro opportunity_state_at(day, states='states') -%}
    {{ states }}.valid_from_date <= {{ day }}
    and ({{ states }}.valid_to_date is null or {{ day }} < {{ states }}.valid_to_date)
{%- endmacro %}
