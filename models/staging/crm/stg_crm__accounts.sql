{{ staging_model('accounts') }}
