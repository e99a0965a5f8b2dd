{#-
    Resolves every account's chain of parents without a recursive CTE (Spark
    has none): a bounded chain of six self-joins. Per account: the parent
    that exists, the ultimate (top-most resolvable) parent, the depth below
    it (0 = top level), whether the chain ends in a parent id that points to
    no account (has_unresolved_parent), and whether the chain still goes on
    after six levels (is_hierarchy_truncated: a deeper hierarchy or a cycle;
    tests/core/assert_account_hierarchy_fully_resolved forbids it). To
    resolve deeper hierarchies, add a level_7 join and extend the three case
    expressions.
-#}

with

accounts as (

    select * from {{ ref('stg_crm__accounts') }}

),

account_links as (

    select
        account_id,
        parent_account_id
    from accounts

),

chain as (

    select
        level_0.account_id,
        level_0.parent_account_id as declared_parent_account_id,
        level_1.account_id as ancestor_1_account_id,
        level_2.account_id as ancestor_2_account_id,
        level_3.account_id as ancestor_3_account_id,
        level_4.account_id as ancestor_4_account_id,
        level_5.account_id as ancestor_5_account_id,
        level_6.account_id as ancestor_6_account_id,
        level_0.parent_account_id as level_0_parent_account_id,
        level_1.parent_account_id as level_1_parent_account_id,
        level_2.parent_account_id as level_2_parent_account_id,
        level_3.parent_account_id as level_3_parent_account_id,
        level_4.parent_account_id as level_4_parent_account_id,
        level_5.parent_account_id as level_5_parent_account_id,
        level_6.parent_account_id as level_6_parent_account_id
    from account_links as level_0
    left join account_links as level_1
        on level_0.parent_account_id = level_1.account_id
    left join account_links as level_2
        on level_1.parent_account_id = level_2.account_id
    left join account_links as level_3
        on level_2.parent_account_id = level_3.account_id
    left join account_links as level_4
        on level_3.parent_account_id = level_4.account_id
    left join account_links as level_5
        on level_4.parent_account_id = level_5.account_id
    left join account_links as level_6
        on level_5.parent_account_id = level_6.account_id

),

depths as (

    select
        *,
        case
            when ancestor_6_account_id is not null then 6
            when ancestor_5_account_id is not null then 5
            when ancestor_4_account_id is not null then 4
            when ancestor_3_account_id is not null then 3
            when ancestor_2_account_id is not null then 2
            when ancestor_1_account_id is not null then 1
            else 0
        end as hierarchy_depth
    from chain

),

resolved as (

    select
        account_id,
        declared_parent_account_id,
        ancestor_1_account_id as parent_account_id,
        coalesce(
            ancestor_6_account_id,
            ancestor_5_account_id,
            ancestor_4_account_id,
            ancestor_3_account_id,
            ancestor_2_account_id,
            ancestor_1_account_id,
            account_id
        ) as ultimate_parent_account_id,
        cast(hierarchy_depth as {{ dbt.type_int() }}) as hierarchy_depth,
        -- the top of the resolved chain still names a parent that is not an account
        case hierarchy_depth
            when 0 then level_0_parent_account_id is not null
            when 1 then level_1_parent_account_id is not null
            when 2 then level_2_parent_account_id is not null
            when 3 then level_3_parent_account_id is not null
            when 4 then level_4_parent_account_id is not null
            when 5 then level_5_parent_account_id is not null
            else false
        end as has_unresolved_parent,
        hierarchy_depth = 6 and level_6_parent_account_id is not null as is_hierarchy_truncated
    from depths

)

select * from resolved
