{{ staging_model('opportunities') }}
