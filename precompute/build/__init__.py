"""`python -m precompute build`: inputs -> one pass per shard -> merge, domain fold -> aggregates, published atomically.

inputs (globs, schemas, profiles; sources for remote files), run (the orchestration), cluster (the
per-shard passes on Dask), manifest, publish (the work folder and the atomic swap), progress.
"""
