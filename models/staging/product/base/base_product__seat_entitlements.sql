{{ staging_base('seat_entitlements') }}
