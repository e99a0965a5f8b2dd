{#
    Fails with a single row (both counts) when the model and compare_model
    hold a different number of rows, e.g. a dimension that must keep exactly
    one row per staged record.
#}
{% test equal_row_count(model, compare_model) %}

with

model_rows as (

    select count(*) as row_count
    from {{ model }}

),

compare_rows as (

    select count(*) as row_count
    from {{ compare_model }}

),

compared as (

    select
        model_rows.row_count as model_row_count,
        compare_rows.row_count as compare_model_row_count
    from model_rows
    cross join compare_rows
    where model_rows.row_count <> compare_rows.row_count

)

select * from compared

{% endtest %}
