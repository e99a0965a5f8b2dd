{{ staging_model('opportunity_stage_history') }}
