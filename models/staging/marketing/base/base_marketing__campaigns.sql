{{ staging_base('campaigns') }}
