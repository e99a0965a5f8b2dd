{{ staging_base('poc_tracker') }}
