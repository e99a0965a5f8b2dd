"""Synthetic raw data of one coherent B2B SaaS company (`revops generate`).

Modules: reference (seeds + fiscal var), context (streams, dates), pools (Faker name/text pools),
world (reps, accounts, contacts), revenue (contracts + opportunities), sales (stage history, quotes,
POCs), funnel (campaigns, leads, touches, activities), product (entitlements, license events,
tickets), finance (accounting, quotas), dirty (fault injection), writer (DuckDB CSV), api.
"""

from revops.generate.api import TABLE_COLUMNS, GenerateOptions, generate

__all__ = ["TABLE_COLUMNS", "GenerateOptions", "generate"]
