{{ staging_model('accounting_data') }}
