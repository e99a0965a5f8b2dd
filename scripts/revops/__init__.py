"""revops: synthetic B2B SaaS revenue-operations data and the tools around its dbt warehouse.

Sub-packages and modules, one job each:

- ``revops.generate`` writes the raw CSV exports (``revops generate``),
- ``revops.load`` bulk-loads them into schema ``raw`` of a dbt target (``revops load``),
- ``revops.profile`` reads the dbt profile, the one place where connections are configured,
- ``revops.cli`` is the command line.
"""

__version__ = "0.1.0"
