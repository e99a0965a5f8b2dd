{{ staging_model('quotes') }}
