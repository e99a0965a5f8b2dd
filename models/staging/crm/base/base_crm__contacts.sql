{{ staging_base('contacts') }}
