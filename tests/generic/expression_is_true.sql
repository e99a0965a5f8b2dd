{#
    Row-level rule: fails with every row for which the boolean SQL expression
    is false. Attached to a column, the column name is put in front of the
    expression (column `amount`, expression `>= 0`). As in SQL's where
    clause, a row whose expression evaluates to null is not a failure: wrap
    the expression in coalesce(..., false) to make null fail.
#}
{% test expression_is_true(model, expression, column_name=none) %}

with

violations as (

    select *
    from {{ model }}
    where not ({{ column_name ~ " " if column_name is not none }}{{ expression }})

)

select * from violations

{% endtest %}
