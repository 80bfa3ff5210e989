"""Self-evaluation scoring (绩效自评): profiles as data, `scoring.score`, `check.check_project`.

Pure functions over the core model; see docs/scoring.md.
"""
