{{ staging_base('leads') }}
