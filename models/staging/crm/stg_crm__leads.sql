{{ staging_model('leads') }}
