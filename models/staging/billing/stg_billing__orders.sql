{{ staging_model('billing_orders') }}
