{#-
    Auto top-up invariant: allocation follows performance weight (weighted round robin).
    Within a territory, rep A (weight w_a, n_a leads) below its capacity could have taken
    one more lead only if its next slot ranks after rep B's last allocated lead:
    (n_a + 1) / w_a >= n_b / w_b, i.e. (n_a + 1) x w_b >= n_b x w_a (exact integers).
    Consequence: a rep with a higher weight never gets fewer leads than a lower-weight
    rep of its territory unless it is full.
-#}
with

reps as (

    select * from {{ ref('rpt_rep_capacity') }}

),

eligible as (

    select
        rep_id,
        territory_id,
        performance_weight,
        top_up_capacity,
        leads_allocated
    from reps
    where is_eligible

),

pairs as (

    select
        rep_a.territory_id,
        rep_a.rep_id as rep_id_a,
        rep_a.performance_weight as weight_a,
        rep_a.leads_allocated as leads_a,
        rep_a.top_up_capacity as capacity_a,
        rep_b.rep_id as rep_id_b,
        rep_b.performance_weight as weight_b,
        rep_b.leads_allocated as leads_b
    from eligible as rep_a
    inner join eligible as rep_b
        on
            rep_a.territory_id = rep_b.territory_id
            and rep_a.rep_id <> rep_b.rep_id

)

select * from pairs
where
    leads_a < capacity_a
    and leads_b > 0
    and (leads_a + 1) * weight_b < leads_b * weight_a
