-- Rep bookings summed over reps equal the Won amount of fct_opportunities in every fiscal quarter
-- (by close date): no Won deal lost or double counted by the rep x quarter spine. A Won deal whose
-- CLOSE_DATE staging could not parse has no quarter on either side.

with

rep_bookings as (

    select
        fiscal_quarter_start_date,
        sum(bookings_amount) as bookings_amount
    from {{ ref('rpt_rep_performance') }}
    group by fiscal_quarter_start_date

),

won as (

    select
        close_fiscal_quarter_start_date as fiscal_quarter_start_date,
        sum(amount) as won_amount
    from {{ ref('fct_opportunities') }}
    where
        status = 'Won'
        and close_fiscal_quarter_start_date is not null
    group by close_fiscal_quarter_start_date

),

compared as (

    select
        coalesce(won.fiscal_quarter_start_date, rep_bookings.fiscal_quarter_start_date) as fiscal_quarter_start_date,
        coalesce(won.won_amount, 0) as won_amount,
        coalesce(rep_bookings.bookings_amount, 0) as bookings_amount
    from won
    full outer join rep_bookings
        on won.fiscal_quarter_start_date = rep_bookings.fiscal_quarter_start_date

)

select * from compared
where won_amount <> bookings_amount
