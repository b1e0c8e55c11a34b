"""Merging partial aggregates: counts add up; samples keep the bottom-k hashes per group.

Both operations are associative and commutative, so shards can be aggregated in any order, on
any number of machines, and merged in any grouping with the same result (tests/test_merge.py).
"""

from __future__ import annotations

from collections.abc import Iterable

import duckdb
import pyarrow as pa

from precompute.scan.shard import KEYS, PARTIAL_SCHEMA
from precompute.scan.sites import site_case_sql

SAMPLE_K = 64  # candidates kept per (subset, language, safe) and per (subset, site, safe)
SAFE_BELOW = 500  # punsafe bin: a sample is safe when punsafe < 0.5 (LAION's unsafe threshold)


def _safe(ub: str) -> str:
    return f"({ub} >= 0 AND {ub} < {SAFE_BELOW})"


def merge(partials: Iterable[pa.Table], con: duckdb.DuckDBPyConnection | None = None) -> pa.Table:
    """Add up counts over identical keys and trim sample candidates to the bottom-k per group."""
    tables = [t for t in partials if t is not None]
    if not tables:
        return PARTIAL_SCHEMA.empty_table()
    con = con or duckdb.connect()
    con.register("partials_in", pa.concat_tables(tables))
    keys = ", ".join(["subset", "set", *KEYS])
    site = site_case_sql("host")
    merged = con.sql(f"""
        WITH summed AS (
          SELECT {keys}, CAST(sum(n) AS BIGINT) AS n FROM partials_in GROUP BY {keys}
        ),
        ranked AS (
          SELECT *,
            row_number() OVER (PARTITION BY subset, lang, {_safe('ub')} ORDER BY h, text) AS r_lang,
            row_number() OVER (PARTITION BY subset, {site}, {_safe('ub')} ORDER BY h, text) AS r_site
          FROM summed WHERE set = 'sample'
        )
        SELECT {keys}, n FROM summed WHERE set <> 'sample'
        UNION ALL
        SELECT {keys}, n FROM ranked WHERE r_lang <= {SAMPLE_K} OR r_site <= {SAMPLE_K}
        ORDER BY {keys}
    """).to_arrow_table()
    con.unregister("partials_in")
    return merged.cast(PARTIAL_SCHEMA)
