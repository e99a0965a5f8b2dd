{{ staging_base('accounts') }}
