{{ staging_base('quotas') }}
