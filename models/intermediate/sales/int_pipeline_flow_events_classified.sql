{#-
    Pipeline-flow buckets of every dated state change (int_opportunity_states_dated),
    measured against the pipeline of the fiscal quarter that contains the
    change day. An opportunity is in a quarter's pipeline when it is open and
    its expected close date falls in that quarter. With prev = the state
    before the change and new = the state after it:
      created      new opportunity (first state) entering the pipeline, or
                   created already closed in the quarter: new amount
      pulled_in    an existing opportunity entering the pipeline (expected
                   close moved into the quarter, reopened deal, or a deal
                   expected in another quarter closing now): new amount
      increased /  amount change of an opportunity in the pipeline before
      decreased    and after (or closing from it): new - prev amount
      pushed_out   leaves the pipeline still open (expected close moved out
                   of the quarter): prev amount
      won / lost   closes (open -> Closed Won / Closed Lost): amount at close
    For every change: created + pulled_in + increased - decreased -
    pushed_out - won - lost = (new contribution) - (prev contribution), so
    summed over a period the buckets close the pipeline exactly.
-#}

with

states as (

    select * from {{ ref('int_opportunity_states_dated') }}

),

dates as (

    select * from {{ ref('int_dates_calendared') }}

),

located as (

    select
        states.opportunity_id,
        states.stage_visit_id,
        states.state_number,
        states.valid_from_date as change_date,
        dates.fiscal_quarter_start_date,
        dates.fiscal_quarter_end_date,
        dates.week_start_date,
        states.previous_stage,
        states.stage,
        states.is_won,
        states.amount,
        coalesce(states.previous_amount, 0) as previous_amount,
        coalesce(
            states.previous_is_open
            and states.previous_expected_close_date >= dates.fiscal_quarter_start_date
            and states.previous_expected_close_date <= dates.fiscal_quarter_end_date,
            false
        ) as was_in_quarter_pipeline,
        coalesce(
            states.is_open
            and states.expected_close_date >= dates.fiscal_quarter_start_date
            and states.expected_close_date <= dates.fiscal_quarter_end_date,
            false
        ) as is_in_quarter_pipeline,
        states.is_open,
        not states.is_open and coalesce(states.previous_is_open, true) as is_closing
    from states
    inner join dates
        on states.valid_from_date = dates.date_day

),

classified as (

    select
        *,
        cast(case
            when state_number = 1 and (is_in_quarter_pipeline or is_closing)
                then amount
            else 0
        end as decimal(18, 2)) as created_amount,
        cast(case
            when state_number > 1 and not was_in_quarter_pipeline and (is_in_quarter_pipeline or is_closing)
                then amount
            else 0
        end as decimal(18, 2)) as pulled_in_amount,
        cast(case
            when was_in_quarter_pipeline and (is_in_quarter_pipeline or is_closing) and amount > previous_amount
                then amount - previous_amount
            else 0
        end as decimal(18, 2)) as increased_amount,
        cast(case
            when was_in_quarter_pipeline and (is_in_quarter_pipeline or is_closing) and amount < previous_amount
                then previous_amount - amount
            else 0
        end as decimal(18, 2)) as decreased_amount,
        cast(case
            when was_in_quarter_pipeline and is_open and not is_in_quarter_pipeline
                then previous_amount
            else 0
        end as decimal(18, 2)) as pushed_out_amount,
        cast(case
            when is_closing and is_won then amount
            else 0
        end as decimal(18, 2)) as won_amount,
        cast(case
            when is_closing and not is_won then amount
            else 0
        end as decimal(18, 2)) as lost_amount
    from located

)

select * from classified
