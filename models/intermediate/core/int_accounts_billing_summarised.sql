{#-
    Billing facts per account from the order book: the first day the account
    paid (earliest start of an order with positive ARR) and whether an order
    with positive ARR is active on var('as_of_date') (start <= as_of_date <
    end; end_date is exclusive and null means open-ended). Accounts without
    orders are absent (dim_accounts left-joins).
-#}

with

orders as (

    select * from {{ ref('stg_billing__orders') }}

),

paid_orders as (

    select
        account_id,
        start_date,
        end_date
    from orders
    where
        arr > 0
        and start_date <= {{ as_of_date() }}

),

summarised as (

    select
        account_id,
        min(start_date) as first_paid_date,
        max(
            case
                when
                    start_date <= {{ as_of_date() }}
                    and (end_date is null or end_date > {{ as_of_date() }})
                    then 1
                else 0
            end
        ) = 1 as is_paying_customer
    from paid_orders
    group by account_id

)

select * from summarised
