{{ staging_base('billing_orders') }}
