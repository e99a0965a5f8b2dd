{{ staging_base('activities') }}
