"""Distinct hosts and registered domains of bench/crawl.py's sets, measured on the files; Heaps' law fits.

Hosts: lower-cased, without scheme, userinfo, port or trailing dot, IDN labels as punycode (as the
build normalises them). Registered domain: the `...-bench.<suffix>` part of an invented host, the
address of an IPv4 host, else the host without its first label (i.pinimg.com -> pinimg.com), which is
right for every named site the generator writes. Samples are random rows (reservoir up to 1M rows,
Bernoulli above).
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import numpy as np

RAW_HOST_SQL = """lower(rtrim(string_split(split_part(CASE WHEN contains(URL, '://') THEN split_part(URL, '://', 2)
    WHEN starts_with(URL, '//') THEN substr(URL, 3) ELSE URL END, '/', 1), '@')[-1].split(':')[1], '.'))"""
HOST_SQL = "CASE WHEN strlen(raw) <> length(raw) THEN to_ascii(raw) ELSE raw END"  # IDN -> punycode
DOMAIN_SQL = r"""CASE WHEN contains(host, '-bench') THEN regexp_extract(host, '([^.]*-bench[^.]*\..*)$')
    WHEN regexp_matches(host, '^[0-9.]+$') THEN host ELSE regexp_replace(host, '^[^.]+\.', '') END"""


def to_ascii(host: str) -> str:
    return ".".join(lab if lab.isascii() else lab.encode("idna").decode() for lab in host.split("."))


def distinct_counts(files: list[str], sizes: list[int], total: int, spill: Path) -> dict[str, dict[str, int]]:
    """Distinct hosts and registered domains in random samples of `sizes` rows, and in all rows."""
    import duckdb

    con = duckdb.connect()
    con.create_function("to_ascii", to_ascii, [duckdb.sqltypes.VARCHAR], duckdb.sqltypes.VARCHAR)
    spill.mkdir(parents=True, exist_ok=True)
    for s in ("SET memory_limit = '4GB'", f"SET temp_directory = '{spill}'", "SET preserve_insertion_order = false"):
        con.execute(s)
    out = {}
    for n in [*[s for s in sizes if s < total], total]:
        got = []
        for seed in range(1, 6 if n <= 10_000 else 2):  # the smallest size: the mean of 5 samples
            sample = "" if n >= total else (f"USING SAMPLE reservoir({n} ROWS) REPEATABLE ({seed})" if n <= 10**6
                                             else f"USING SAMPLE {100 * n / total:.6f} PERCENT (bernoulli, {seed})")
            got.append(con.execute(f"""
                WITH r AS (SELECT {RAW_HOST_SQL} AS raw FROM read_parquet(?) {sample}),
                h AS (SELECT {HOST_SQL} AS host FROM r)
                SELECT count(*), count(DISTINCT host), count(DISTINCT {DOMAIN_SQL}) FROM h""", [files]).fetchall()[0])
        rows, hosts, domains = (round(sum(g[i] for g in got) / len(got)) for i in range(3))
        out[str(n)] = {"rows": rows, "hosts": hosts, "domains": domains, "samples": len(got)}
        print(f"  {rows:>12,} rows: {hosts:>12,} hosts ({hosts / rows:.1%}), {domains:>12,} domains", file=sys.stderr)
    shutil.rmtree(spill, ignore_errors=True)
    return out


def heaps_fit(distinct: dict[str, dict[str, int]], key: str = "domains") -> tuple[float, float]:
    """Least-squares fit of log D = log K + beta log n over the measured sample sizes: (K, beta)."""
    pts = sorted((v["rows"], v[key]) for v in distinct.values() if v["rows"] >= 100_000)
    x, y = np.log([p[0] for p in pts]), np.log([p[1] for p in pts])
    beta, logk = np.polyfit(x, y, 1)
    return float(np.exp(logk)), float(beta)
