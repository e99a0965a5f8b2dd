{{ staging_base('quotes') }}
