{{ staging_base('opportunities') }}
