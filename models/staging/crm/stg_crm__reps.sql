{{ staging_model('reps') }}
