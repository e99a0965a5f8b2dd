{{ staging_model('campaigns') }}
