{{ staging_model('activities') }}
