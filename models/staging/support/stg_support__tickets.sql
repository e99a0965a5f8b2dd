{{ staging_model('support_tickets') }}
