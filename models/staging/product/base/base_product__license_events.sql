{{ staging_base('license_events') }}
