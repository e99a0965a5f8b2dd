{{ staging_base('opportunity_stage_history') }}
