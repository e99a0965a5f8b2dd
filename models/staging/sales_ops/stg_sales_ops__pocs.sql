{{ staging_model('poc_tracker') }}
