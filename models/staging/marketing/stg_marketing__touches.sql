{{ staging_model('marketing_touches') }}
