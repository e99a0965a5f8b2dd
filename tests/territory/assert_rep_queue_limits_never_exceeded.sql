-- Auto top-up invariant: no rep ends above max_open_leads open or max_new_leads New leads because of the
-- top-up (a rep already above a limit before it receives nothing), and no rep gets more than its capacity.
with

reps as (

    select * from {{ ref('rpt_rep_capacity') }}

)

select * from reps
where
    leads_allocated > top_up_capacity
    or (leads_allocated > 0 and open_leads_after > {{ var('max_open_leads') }})
    or (leads_allocated > 0 and new_leads_after > {{ var('max_new_leads') }})
    or open_leads_after <> open_leads_before + leads_allocated
    or new_leads_after <> new_leads_before + leads_allocated
