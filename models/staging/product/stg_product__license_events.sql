{{ staging_model('license_events') }}
