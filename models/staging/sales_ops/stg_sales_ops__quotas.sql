{{ staging_model('quotas') }}
