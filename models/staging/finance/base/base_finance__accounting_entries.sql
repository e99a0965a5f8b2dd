{{ staging_base('accounting_data') }}
