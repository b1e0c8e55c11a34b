"""Benchmark: `precompute build` against a bare DuckDB scan of the same columns of the same files.

    python bench/precompute.py [--rows 20000000] [--repeat 3]

Generates the synthetic replica once (cached in bench/cache/), then, in one run and on the same
files, times (1) a bare scan: count(*), sum(length(URL)), sum(similarity); (2) the full build,
each in a fresh subprocess so peak RSS is the process's own. Both are run on about a quarter of
the rows and on all of them, to show whether memory stays flat as input grows. Prints medians,
rows/s, MB/s, peak RSS, the build/scan ratio and the projected time for LAION-5B's 5.85B rows.
"""

from __future__ import annotations

import argparse
import glob
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

import pyarrow.parquet as pq

ROOT = Path(__file__).resolve().parent.parent
CACHE = ROOT / "bench" / "cache"
FULL_ROWS = 5_850_000_000

SCAN = """
import duckdb, json, resource, sys, time
files = json.loads(sys.argv[1])
con = duckdb.connect()
t0 = time.perf_counter()
con.execute("SELECT count(*), sum(length(URL)), sum(similarity) FROM read_parquet(?)", [files]).fetchall()
dt = time.perf_counter() - t0
print(json.dumps({"seconds": dt, "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""

BUILD = """
import json, resource, sys, time
from precompute.build import build
files, out = json.loads(sys.argv[1]), sys.argv[2]
t0 = time.perf_counter()
build(files, out, progress=False)
dt = time.perf_counter() - t0
print(json.dumps({"seconds": dt, "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def ensure_replica(rows: int) -> Path:
    scale = max(1, round(FULL_ROWS / rows))
    out = CACHE / f"synth-scale{scale}"
    if not (out / "laion2B-en").exists():
        print(f"generating the synthetic replica at scale {scale} into {out} (once)...", file=sys.stderr)
        subprocess.run([sys.executable, "-m", "precompute", "synth", "--out", str(out), "--scale", str(scale)],
                       check=True, cwd=ROOT)
    return out


def run(code: str, *args: str) -> dict[str, float]:
    r = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, cwd=ROOT, check=True)
    return json.loads(r.stdout.strip().splitlines()[-1])


def measure(files: list[str], repeat: int) -> dict[str, float]:
    rows = sum(pq.ParquetFile(f).metadata.num_rows for f in files)
    mb = sum(os.path.getsize(f) for f in files) / 1e6
    scans, builds = [], []
    with tempfile.TemporaryDirectory() as d:
        for i in range(repeat):
            # alternate the two so machine noise hits both alike
            scans.append(run(SCAN, json.dumps(files)))
            builds.append(run(BUILD, json.dumps(files), str(Path(d) / f"agg{i}")))
    scan_s = statistics.median(r["seconds"] for r in scans)
    build_s = statistics.median(r["seconds"] for r in builds)
    return {
        "rows": rows, "mb": mb, "scan_s": scan_s, "build_s": build_s,
        "scan_rows_s": rows / scan_s, "build_rows_s": rows / build_s, "build_mb_s": mb / build_s,
        "scan_rss_mb": max(r["rss_mb"] for r in scans), "build_rss_mb": max(r["rss_mb"] for r in builds),
        "ratio": build_s / scan_s,
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--rows", type=int, default=20_000_000)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    replica = ensure_replica(args.rows)
    files = sorted(glob.glob(str(replica / "*" / "*.parquet")))
    # a quarter of the input, spread over the subsets, for the memory-growth check
    quarter = files[::4]
    results = {"quarter": measure(quarter, args.repeat), "all": measure(files, args.repeat)}
    print(f"{'input':>8} {'rows':>12} {'MB':>8} {'scan s':>8} {'build s':>8} {'build Mrows/s':>14} "
          f"{'build MB/s':>10} {'scan RSS MB':>11} {'build RSS MB':>12} {'build/scan':>10}")
    for name, r in results.items():
        print(f"{name:>8} {r['rows']:>12,} {r['mb']:>8.0f} {r['scan_s']:>8.2f} {r['build_s']:>8.2f} "
              f"{r['build_rows_s'] / 1e6:>14.2f} {r['build_mb_s']:>10.1f} {r['scan_rss_mb']:>11.0f} "
              f"{r['build_rss_mb']:>12.0f} {r['ratio']:>10.2f}")
    a, q = results["all"], results["quarter"]
    print(f"\nmedian of {args.repeat} runs each; build rows/s: {a['build_rows_s'] / 1e6:.2f}M "
          f"(target >= 5M); build/scan ratio: {a['ratio']:.2f} (target <= 2)")
    growth = a["build_rss_mb"] / q["build_rss_mb"] - 1
    print(f"peak RSS of the build: {q['build_rss_mb']:.0f} MB at {q['rows']:,} rows, {a['build_rss_mb']:.0f} MB "
          f"at {a['rows']:,} rows (growth {growth:+.0%}; target < 1536 MB, flat within 20%)")
    proj = FULL_ROWS / a["build_rows_s"]
    print(f"projected build time for LAION-5B's 5.85B rows on this 2-core machine: {proj / 3600:.1f} h "
          f"(one process; bench/scale.py measures Dask workers)")


if __name__ == "__main__":
    main()
