"""Benchmark: `precompute build` against the essential hand-written DuckDB query, on crawl-shaped data.

    python bench/precompute.py [--repeat 3] [--memory-limit 2GB]
    python bench/precompute.py --rehearsal [--repeat 1]       # on request, not in CI: 100M rows, >= 20M domains

Data: bench/crawl.py's `web` set (20M LAION-schema rows, a real crawl's host tail), generated once
into bench/cache/. In one run and on the same files, alternately:
  (a) the essential query, with the spilling settings of RECIPES.md (memory_limit = the build's
      --memory-limit, a temp_directory, preserve_insertion_order = false): one
      `GROUP BY split_part(URL, '/', 3)` written to parquet, plus the 0.001 similarity histogram
      `GROUP BY floor(similarity * 1000)`;
  (b) the whole build, `python -m precompute build --input '<dir>/*/*.parquet' --out <tmp>
      --memory-limit 2GB --temp-dir <tmp2>`.
Each run is a fresh subprocess, reaped with os.wait4 so its peak RSS (ru_maxrss) and CPU seconds
are its own. While the build runs, its work folder is watched: the moment the last per-shard host
partial appears splits its time into the shard scan and the fold into registered domains, and the
peak size of the folder (spill files and partials) is recorded. Prints medians of seconds, CPU
seconds, rows/s, MB/s, peak RSS, the build/essential ratio, and the distinct hosts and registered
domains from the build's manifest.json.

--rehearsal runs only the build, on the `rehearsal` set, and projects the time for LAION-5B's 5.85B
rows: the scan phase scales with rows; the fold phase scales with the rows of the host partials
(one row per distinct host per shard), projected for 384 shards of 15.2M rows (LAION's 3 x 128
files) from the Heaps' law fit of the `web` set's hosts (D = K n^beta over samples of 100k to 20M
rows, bench/crawl.py), and for the rehearsal's own heavier tail as an upper case.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import pyarrow.parquet as pq

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.crawl import describe, ensure  # noqa: E402
from bench.crawl_stats import heaps_fit  # noqa: E402

FULL_ROWS = 5_850_000_000
LAION_FILES = 3 * 128

ESSENTIAL = """
import duckdb, json, sys, time
files, spill, out, mem = json.loads(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4]
t0 = time.perf_counter()
con = duckdb.connect()
con.execute(f"SET memory_limit = '{mem}'")
con.execute(f"SET temp_directory = '{spill}'")
con.execute("SET preserve_insertion_order = false")
con.execute(f"COPY (SELECT split_part(URL, '/', 3) AS host, count(*) AS n FROM read_parquet({files!r}) GROUP BY 1) "
            f"TO '{out}' (FORMAT parquet)")
hist = con.execute("SELECT CAST(floor(similarity * 1000) AS INTEGER) AS b, count(*) AS n FROM read_parquet(?) "
                   "GROUP BY 1", [files]).fetchall()
hosts = con.execute("SELECT count(*) FROM read_parquet(?)", [out]).fetchall()[0][0]
print(json.dumps({"inner_s": time.perf_counter() - t0, "hosts": hosts, "bins": len(hist)}))
"""


def dir_bytes(path: Path) -> int:
    total = 0
    for dirpath, _, names in os.walk(path):
        for n in names:
            with contextlib.suppress(OSError):  # a spill file removed while we look
                total += os.path.getsize(os.path.join(dirpath, n))
    return total


class Watch(threading.Thread):
    """Polls the build's temp dir: when the last host partial appears, the partials' rows, peak bytes."""

    def __init__(self, temp: Path, shards: int) -> None:
        super().__init__(daemon=True)
        self.temp, self.shards, self.t0 = temp, shards, time.perf_counter()
        self.scan_done: float | None = None
        self.partial_rows: int | None = None
        self.peak_bytes = 0
        self.stop = threading.Event()

    def run(self) -> None:
        while not self.stop.wait(0.2):
            self.peak_bytes = max(self.peak_bytes, dir_bytes(self.temp))
            if self.scan_done is None:
                parts = sorted(self.temp.glob(".*.work-*/hosts-*.parquet"))
                if len(parts) >= self.shards:
                    self.scan_done = time.perf_counter() - self.t0
                    time.sleep(0.5)  # let the last partial's writer close it
                    try:
                        self.partial_rows = sum(pq.ParquetFile(p).metadata.num_rows for p in parts)
                    except Exception:  # already folded and removed, or still being written
                        self.partial_rows = None


def run_child(cmd: list[str], watch: Watch | None = None) -> dict:
    """Run `cmd` in a fresh process; wall seconds, its own peak RSS and CPU seconds (os.wait4)."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        t0 = time.perf_counter()
        if watch:
            watch.t0 = t0
            watch.start()
        p = subprocess.Popen(cmd, cwd=ROOT, stdout=out, stderr=err)
        _, status, ru = os.wait4(p.pid, 0)
        seconds = time.perf_counter() - t0
        p.returncode = os.waitstatus_to_exitcode(status)
        if watch:
            watch.stop.set()
            watch.join()
        out.seek(0)
        err.seek(0)
        stdout, stderr = out.read().decode(), err.read().decode()
    if p.returncode:
        sys.exit(f"{' '.join(cmd[:4])}... exited {p.returncode}:\n{stderr[-3000:]}")
    r = {"seconds": seconds, "cpu_s": ru.ru_utime + ru.ru_stime, "rss_mb": ru.ru_maxrss / 1024, "stdout": stdout}
    if watch:
        r.update(scan_s=watch.scan_done, partial_rows=watch.partial_rows, temp_peak_mb=watch.peak_bytes / 1e6)
    return r


def essential(files: list[str], work: Path, mem: str) -> dict:
    spill = work / "ess-spill"
    out = work / "ess-hosts.parquet"
    r = run_child([sys.executable, "-c", ESSENTIAL, json.dumps(files), str(spill), str(out), mem])
    r.update(json.loads(r.pop("stdout").strip().splitlines()[-1]))
    out.unlink(missing_ok=True)
    return r


def build(data: Path, work: Path, mem: str, shards: int, i: int) -> dict:
    out, temp = work / f"agg{i}", work / f"tmp{i}"
    temp.mkdir()
    cmd = [sys.executable, "-m", "precompute", "build", "--input", str(data / "*" / "*.parquet"),
           "--out", str(out), "--memory-limit", mem, "--temp-dir", str(temp)]
    r = run_child(cmd, Watch(temp, shards))
    r.pop("stdout")
    manifest = json.loads((out / "manifest.json").read_text())
    r["inner_s"] = manifest.get("duration_s")
    r["domains"] = manifest.get("domains")
    index = out / "domains.parquet"
    r["index_mb"] = index.stat().st_size / 1e6 if index.exists() else None
    return r


def med(runs: list[dict], key: str) -> float | None:
    vals = [r[key] for r in runs if r.get(key) is not None]
    return statistics.median(vals) if vals else None


def inputs(data: Path) -> tuple[list[str], int, float]:
    files = sorted(str(f) for f in data.glob("*/*.parquet"))
    rows = sum(pq.ParquetFile(f).metadata.num_rows for f in files)
    return files, rows, sum(os.path.getsize(f) for f in files) / 1e6


def fmt(x: float | None, spec: str) -> str:
    width = int("".join(c for c in spec.split(".")[0] if c.isdigit()) or 0)
    return "-".rjust(width) if x is None else format(x, spec)


def row(name: str, runs: list[dict], rows: int, mb: float) -> str:
    s = med(runs, "seconds")
    return (f"{name:<10} {s:>8.2f} {fmt(med(runs, 'inner_s'), '>8.2f')} {med(runs, 'cpu_s'):>7.1f} "
            f"{rows / s / 1e6:>8.2f} {mb / s:>7.1f} {med(runs, 'rss_mb'):>12.0f} "
            f"{fmt(med(runs, 'scan_s'), '>7.2f')} {fmt(med(runs, 'temp_peak_mb'), '>12.0f')}")


HEADER = (f"{'':<10} {'wall s':>8} {'inner s':>8} {'CPU s':>7} {'Mrows/s':>8} {'MB/s':>7} {'peak RSS MB':>12} "
          f"{'scan s':>7} {'temp peak MB':>12}")


def report_domains(builds: list[dict], crawl: dict, files: list[str]) -> None:
    d = builds[-1].get("domains")
    full = crawl["distinct"][str(crawl["rows"])]
    if d:
        print(f"distinct hosts {d['distinct_hosts']:,}, distinct registered domains {d['distinct_domains']:,} "
              f"(build manifest); generator's own count: {full['hosts']:,} hosts, {full['domains']:,} domains")
    else:
        import duckdb

        n = duckdb.connect().execute("SELECT count(DISTINCT lower(split_part(URL, '/', 3))) FROM read_parquet(?)",
                                     [files]).fetchall()[0][0]
        print(f"the manifest has no domains entry: counted {n:,} distinct lower(split_part(URL, '/', 3)) hosts "
              f"with DuckDB instead")


def web(args: argparse.Namespace) -> None:
    data = ensure("web")
    crawl = describe("web")
    files, rows, mb = inputs(data)
    print(f"web set: {data} ({rows:,} rows, {len(files)} files, {mb:.0f} MB); {os.cpu_count()} cores; "
          f"memory limit {args.memory_limit}; {args.repeat} run(s) each", file=sys.stderr)
    ess, builds = [], []
    with tempfile.TemporaryDirectory(dir=ROOT / "bench" / "cache") as d:
        for i in range(args.repeat):  # alternate, so noise on the shared machine hits both alike
            load = os.getloadavg()[0]
            ess.append(essential(files, Path(d), args.memory_limit))
            builds.append(build(data, Path(d), args.memory_limit, len(files), i))
            print(f"  run {i + 1}: essential {ess[-1]['seconds']:.2f}s, build {builds[-1]['seconds']:.2f}s "
                  f"(load {load:.1f})", file=sys.stderr)
    print(HEADER)
    print(row("essential", ess, rows, mb))
    print(row("build", builds, rows, mb))
    ratio = med(builds, "seconds") / med(ess, "seconds")
    cpu_ratio = med(builds, "cpu_s") / med(ess, "cpu_s")
    paired = statistics.median(b["seconds"] / e["seconds"] for b, e in zip(builds, ess, strict=True))
    b = builds[-1]
    print(f"\nmedians of {args.repeat} (peak RSS: the median of the runs' peaks; the largest was essential "
          f"{max(r['rss_mb'] for r in ess):.0f} MB, build {max(r['rss_mb'] for r in builds):.0f} MB)")
    print(f"build/essential: {ratio:.2f}x wall ({paired:.2f}x the median of the runs' own ratios), {cpu_ratio:.2f}x "
          f"CPU; the essential query found {ess[-1]['hosts']:,} distinct raw hosts")
    if med(builds, "scan_s") is not None:
        scan = med(builds, "scan_s")
        print(f"build phases: shard scan {scan:.2f}s, fold into domains and publish "
              f"{med(builds, 'seconds') - scan:.2f}s; host partials {fmt(b.get('partial_rows'), ',')} rows; "
              f"domains.parquet {fmt(b.get('index_mb'), '.1f')} MB")
    report_domains(builds, crawl, files)
    hours = FULL_ROWS / (rows / med(builds, "seconds")) / 3600
    print(f"rows-only projection for 5.85B rows at the build's rate: {hours:.1f} h "
          f"(one process, this machine; --rehearsal projects with the domain fold)")


def rehearsal(args: argparse.Namespace) -> None:
    data = ensure("rehearsal")
    crawl = describe("rehearsal")
    files, rows, mb = inputs(data)
    print(f"rehearsal set: {data} ({rows:,} rows, {len(files)} files, {mb:.0f} MB); memory limit "
          f"{args.memory_limit}", file=sys.stderr)
    builds = []
    with tempfile.TemporaryDirectory(dir=ROOT / "bench" / "cache") as d:
        for i in range(args.repeat):
            builds.append(build(data, Path(d), args.memory_limit, len(files), i))
            print(f"  run {i + 1}: build {builds[-1]['seconds']:.1f}s", file=sys.stderr)
    print(HEADER)
    print(row("build", builds, rows, mb))
    report_domains(builds, crawl, files)
    seconds, scan = med(builds, "seconds"), med(builds, "scan_s")
    parts = med(builds, "partial_rows")
    what = f"median of {args.repeat}" if args.repeat > 1 else "1 run"
    print(f"\n{what}: {rows / seconds / 1e6:.2f}M rows/s, peak RSS {med(builds, 'rss_mb'):.0f} MB "
          f"(memory limit {args.memory_limit}), temp folder peak {med(builds, 'temp_peak_mb'):.0f} MB")
    if scan is None or parts is None:
        print(f"projection (rows only, the phases were not observed): {FULL_ROWS / (rows / seconds) / 3600:.1f} h")
        return
    fold = seconds - scan
    shard_rows = FULL_ROWS / LAION_FILES
    print(f"phases: scan {scan:.1f}s ({rows / scan / 1e6:.2f}M rows/s), fold {fold:.1f}s over {parts:,.0f} "
          f"host-partial rows ({parts / fold / 1e6:.2f}M partial rows/s)")
    for name, label in (("web", "expected (web set, real-crawl shape)"), ("rehearsal", "upper case (rehearsal tail)")):
        try:
            k, beta = heaps_fit(describe(name)["distinct"], "hosts")
            kd, bd = heaps_fit(describe(name)["distinct"], "domains")
        except (FileNotFoundError, KeyError):
            print(f"{label}: no cached {name} set, run python bench/crawl.py {name}")
            continue
        hosts_total, domains_total = k * FULL_ROWS**beta, kd * FULL_ROWS**bd
        partial = LAION_FILES * k * shard_rows**beta
        t = FULL_ROWS / (rows / scan) + partial / (parts / fold)
        print(f"{label}: hosts D = {k:.2f} n^{beta:.3f}, domains D = {kd:.2f} n^{bd:.3f} -> at 5.85B rows "
              f"{hosts_total / 1e6:.0f}M hosts, {domains_total / 1e6:.0f}M registered domains; "
              f"{LAION_FILES} shards x {k * shard_rows**beta / 1e6:.2f}M hosts = {partial / 1e6:.0f}M partial rows; "
              f"projected build {t / 3600:.1f} h (scan {FULL_ROWS / (rows / scan) / 3600:.1f} h + fold "
              f"{partial / (parts / fold) / 3600:.1f} h, linear in partial rows); temp folder "
              f"~{med(builds, 'temp_peak_mb') / 1e3 * partial / parts:.0f} GB (its peak, scaled likewise)")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--repeat", type=int, default=None, help="runs of each (default 3; 1 with --rehearsal)")
    ap.add_argument("--memory-limit", default="2GB")
    ap.add_argument("--rehearsal", action="store_true", help="only the build, on the 100M-row rehearsal set")
    args = ap.parse_args()
    args.repeat = args.repeat or (1 if args.rehearsal else 3)
    (rehearsal if args.rehearsal else web)(args)


if __name__ == "__main__":
    main()
