{{ staging_base('support_tickets') }}
