"""Benchmark: rows/s of the build in one process and on a local Dask cluster of 1 and 2 workers.

    python bench/scale.py [--repeat 3]

All runs read the same 20M-row synthetic replica (generated once with `python -m precompute synth
--scale 292` into bench/cache/, or reused from bench/precompute.py's cache). Each run is a fresh
subprocess; the Dask cluster is started before the clock starts (its start-up is reported apart,
as it does not grow with the input). Also times the build without the language check, and the
check alone, to show what the check costs. CPU seconds (this process plus the Dask workers) are
printed beside wall time: on a machine shared with other work they are the steadier measure.
Prints medians, checks that every configuration wrote the same aggregates.json bytes, and
projects the time for LAION-5B's 5.85B rows.
"""

from __future__ import annotations

import argparse
import hashlib
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
REPLICA = CACHE / "synth-20m"
SCALE = 292  # 5.85B / 292 = 20.0M rows
FULL_ROWS = 5_850_000_000
CONFIGS = ("1 process", "1 process, no check", "1 Dask worker", "2 Dask workers")

RUN = """
import json, os, resource, sys, time
from precompute.scan import aggregates
from precompute.build.run import build


def cpu():
    r = resource.getrusage(resource.RUSAGE_SELF)  # all threads of this process
    return r.ru_utime + r.ru_stime


mode, pattern, out = sys.argv[1], sys.argv[2], sys.argv[3]
check = {"s": 0.0}
real_check = aggregates.check_languages

def timed_check(merged):
    t = time.perf_counter()
    try:
        return real_check(merged)
    finally:
        check["s"] += time.perf_counter() - t

# build_aggregates looks the name up in its module at call time, so this swaps the check out or times it
aggregates.check_languages = (lambda merged: {}) if mode == "nocheck" else timed_check
partial_fn, startup, cluster, client = None, 0.0, None, None
if mode.startswith("dask"):
    n = int(mode[4:])
    from dask.distributed import Client, LocalCluster
    from precompute.build.cluster import dask_partials

    t = time.perf_counter()
    cluster = LocalCluster(n_workers=n, threads_per_worker=1, processes=True, dashboard_address=None,
                           silence_logs=40)
    client = Client(cluster, set_as_default=False)
    client.wait_for_workers(n)
    startup = time.perf_counter() - t
    # the same DuckDB threads per worker as `--workers n` would use
    partial_fn = dask_partials(scheduler=cluster.scheduler_address, duckdb_threads=max(1, os.cpu_count() // n))


def workers_cpu():
    return sum(client.run(cpu).values()) if client else 0.0


c0, w0, t0 = cpu(), workers_cpu(), time.perf_counter()
build([pattern], out, progress=False, partial_fn=partial_fn)
seconds = time.perf_counter() - t0
# CPU seconds of this process and of the workers: far less sensitive to other work on the machine than wall time
cpu_s = cpu() - c0 + workers_cpu() - w0
if cluster is not None:
    client.close()
    cluster.close()
print(json.dumps({"seconds": seconds, "cpu_s": cpu_s, "check_s": check["s"], "startup_s": startup}))
"""

MODES = {"1 process": "plain", "1 process, no check": "nocheck", "1 Dask worker": "dask1", "2 Dask workers": "dask2"}


def ensure_replica() -> Path:
    for candidate in (REPLICA, CACHE / f"synth-scale{SCALE}"):  # the second is bench/precompute.py's cache
        if (candidate / "laion2B-en").exists():
            return candidate
    print(f"generating the 20M-row synthetic replica into {REPLICA} (once)...", file=sys.stderr)
    subprocess.run([sys.executable, "-m", "precompute", "synth", "--out", str(REPLICA), "--scale", str(SCALE)],
                   check=True, cwd=ROOT)
    return REPLICA


def run(mode: str, pattern: str, out: Path) -> dict[str, float]:
    r = subprocess.run([sys.executable, "-c", RUN, mode, pattern, str(out)], capture_output=True, text=True,
                       cwd=ROOT)
    if r.returncode:
        sys.exit(f"{mode} failed:\n{r.stderr}")
    return json.loads(r.stdout.strip().splitlines()[-1])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--repeat", type=int, default=3, help="runs per configuration (medians are printed)")
    ap.add_argument("--replica", type=Path, default=None, help="use these SUBSET/*.parquet shards instead")
    ap.add_argument("--only", default=",".join(MODES.values()),
                    help="some of plain,nocheck,dask1,dask2 (plain,nocheck: the check's cost)")
    args = ap.parse_args()
    configs = [c for c in CONFIGS if MODES[c] in args.only.split(",")]
    replica = args.replica or ensure_replica()
    pattern = str(replica / "*" / "*.parquet")
    files = sorted(replica.glob("*/*.parquet"))
    rows = sum(pq.ParquetFile(f).metadata.num_rows for f in files)
    mb = sum(f.stat().st_size for f in files) / 1e6
    print(f"replica: {replica} ({rows:,} rows, {len(files)} files, {mb:.0f} MB); {os.cpu_count()} cores; "
          f"{args.repeat} run(s) per configuration", file=sys.stderr)

    results: dict[str, list[dict[str, float]]] = {c: [] for c in configs}
    digests: dict[str, set[str]] = {c: set() for c in configs}
    with tempfile.TemporaryDirectory() as d:
        for i in range(args.repeat):
            for config in configs:  # interleaved, so noise from the shared machine hits all alike
                out = Path(d) / f"{MODES[config]}-{i}"
                load = os.getloadavg()[0]  # other work on the machine: a high load means noisy timings
                results[config].append({**run(MODES[config], pattern, out), "load": load})
                digests[config].add(hashlib.sha256((out / "aggregates.json").read_bytes()).hexdigest())
                print(f"  run {i + 1} {config}: {results[config][-1]['seconds']:.2f}s (load {load:.1f})",
                      file=sys.stderr)

    med = {c: {k: statistics.median(r[k] for r in rs) for k in rs[0]} for c, rs in results.items()}
    base = med["1 process"]["seconds"] if "1 process" in med else None
    print(f"\n{'configuration':<22} {'seconds':>8} {'Mrows/s':>8} {'vs 1 proc':>9} {'CPU s':>7} "
          f"{'Mrows/CPU-s':>11} {'cluster start s':>15} {'5.85B rows, h':>13}")
    for c in configs:
        m = med[c]
        rate = rows / m["seconds"]
        vs = f"{base / m['seconds']:>8.2f}x" if base else f"{'':>9}"
        print(f"{c:<22} {m['seconds']:>8.2f} {rate / 1e6:>8.2f} {vs} {m['cpu_s']:>7.1f} "
              f"{rows / m['cpu_s'] / 1e6:>11.2f} {m['startup_s']:>15.1f} {FULL_ROWS / rate / 3600:>13.2f}")
    what = f"median of {args.repeat} runs" if args.repeat > 1 else "1 run (not a median)"
    loads = [r["load"] for rs in results.values() for r in rs]
    print(f"\n{what} each, on {os.cpu_count()} cores shared with other work (1-min load average before the runs: "
          f"{min(loads):.1f} to {max(loads):.1f}); Dask runs exclude the cluster "
          f"start-up (shown apart); the projection is 5.85B rows at the measured rate on this machine.")

    if {"1 process", "1 process, no check"} <= med.keys():
        check_s, with_s, without_s = med["1 process"]["check_s"], base, med["1 process, no check"]["seconds"]
        cpu_with, cpu_without = med["1 process"]["cpu_s"], med["1 process, no check"]["cpu_s"]
        print(f"language check: {check_s:.2f}s inside the build ({check_s / with_s:.1%} of its wall time); build "
              f"with the check {with_s:.2f}s vs without {without_s:.2f}s ({with_s / without_s - 1:+.1%}), CPU "
              f"{cpu_with:.1f}s vs {cpu_without:.1f}s ({cpu_with / cpu_without - 1:+.1%}); target < +10%")
    same = len(set().union(*(digests[c] for c in configs if c != "1 process, no check"))) <= 1
    print("aggregates.json identical across the runs with the check:", "yes" if same else "NO")
    if not same:
        sys.exit(1)


if __name__ == "__main__":
    main()
