{{ staging_base('marketing_touches') }}
