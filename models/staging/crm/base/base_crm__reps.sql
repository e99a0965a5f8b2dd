{{ staging_base('reps') }}
