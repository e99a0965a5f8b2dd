{{ staging_model('seat_entitlements') }}
