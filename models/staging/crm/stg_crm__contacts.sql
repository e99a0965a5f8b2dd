{{ staging_model('contacts') }}
