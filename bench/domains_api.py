"""Benchmark: the domain search API over a large index (tens of millions of registered domains).

    python bench/domains_api.py [--requests 1000] [--data DIR]

Without --data, builds the aggregates of bench/crawl.py's `rehearsal` set (100M rows, >= 20M
registered domains) once into bench/cache/agg-rehearsal/ (reused while the set is unchanged).
Starts the app as a subprocess (`python -m app --data DIR --port P`) and, from one keep-alive
HTTP client, one request at a time, in a shuffled order of all categories (so machine noise hits
them alike), measures:
  - GET /healthz                        the baseline: routing, JSON and the client's own overhead
  - GET /api/domains/{domain}           random registered domains of the index (uniform over rows)
  - GET /api/domains/{absent}           absent ones: near misses (an existing name, one letter added)
                                        and invented names
  - GET /api/domains/{host}             a subdomain of an existing domain (img., www., upper case)
  - GET /api/domains/{url}              a whole URL of an existing domain, percent-encoded
  - GET /api/domains?q=P&limit=10       prefixes of 1 to 8 characters of existing domains
Prints median, p90, p99 and max latency per category, the median over the baseline's, the answers'
status codes (and whether they name the expected domain), the first (cold) lookup, and the server's
VmRSS / VmHWM (/proc/<pid>/status) after start-up, after the warm-up and at the end.
"""

from __future__ import annotations

import argparse
import json
import random
import socket
import statistics
import string
import subprocess
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path
from urllib.parse import quote

import httpx
import pyarrow.parquet as pq

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.crawl import ensure, fingerprint  # noqa: E402

AGG = ROOT / "bench" / "cache" / "agg-rehearsal"


def aggregates(memory_limit: str) -> Path:
    """The rehearsal set's aggregates, built once (again when the set's fingerprint changed)."""
    data = ensure("rehearsal")
    manifest = AGG / "manifest.json"
    if manifest.exists() and fingerprint("rehearsal") in (json.loads(manifest.read_text()).get("generator") or ""):
        return AGG
    temp = ROOT / "bench" / "cache" / "tmp-agg"
    temp.mkdir(parents=True, exist_ok=True)
    print(f"building the aggregates of {data} into {AGG} (once; minutes)...", file=sys.stderr)
    t0 = time.perf_counter()
    subprocess.run([sys.executable, "-m", "precompute", "build", "--input", str(data / "*" / "*.parquet"),
                    "--out", str(AGG), "--memory-limit", memory_limit, "--temp-dir", str(temp)], check=True, cwd=ROOT)
    print(f"built in {time.perf_counter() - t0:.0f}s", file=sys.stderr)
    return AGG


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def memory(pid: int) -> dict[str, float]:
    """VmRSS and VmHWM of a process, in MB."""
    out = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        key, _, value = line.partition(":")
        if key in ("VmRSS", "VmHWM"):
            out[key] = int(value.split()[0]) / 1024
    return out


def sample_domains(index: Path, n: int, rng: random.Random) -> list[str]:
    """n registered domains drawn uniformly over the index's rows, reading a few row groups only."""
    pf = pq.ParquetFile(index)
    groups = sorted(rng.sample(range(pf.num_row_groups), min(pf.num_row_groups, max(1, n // 20))))
    pool = [d for g in groups for d in pf.read_row_group(g, columns=["domain"]).column(0).to_pylist()]
    # names only: "(no host)" and IP addresses would make odd hosts and URLs
    pool = [d for d in pool if d and not d.startswith("(") and not d.replace(".", "").isdigit()]
    return rng.sample(pool, min(n, len(pool)))


def queries(domains: list[str], n: int, rng: random.Random) -> list[tuple[str, str, str | None]]:
    """(category, path, expected domain or None for 404) for every request, shuffled."""
    def pick() -> str:
        return rng.choice(domains)

    def absent() -> str:
        if rng.random() < 0.5:  # a near miss: lands in the same row group as a real one
            d = pick()
            label, _, rest = d.partition(".")
            return f"{label}{rng.choice(string.ascii_lowercase)}q.{rest}"
        return "".join(rng.choices(string.ascii_lowercase, k=rng.randint(6, 14))) + "-absent.com"

    def host(d: str) -> str:
        h = f"{rng.choice(['img', 'www', 'cdn', 'static', 'images'])}.{d}"
        return h.upper() if rng.random() < 0.1 else h

    out: list[tuple[str, str, str | None]] = []
    for _ in range(n):
        out.append(("healthz", "/healthz", None))
        d = pick()
        out.append(("domain", f"/api/domains/{quote(d, safe='')}", d))
        out.append(("absent", f"/api/domains/{quote(absent(), safe='')}", None))
        d = pick()
        out.append(("host", f"/api/domains/{quote(host(d), safe='')}", d))
        d = pick()
        url = f"https://{host(d)}/wp-content/uploads/2019/05/{rng.randrange(10**6)}-768x512.jpg?v=1"
        out.append(("url", f"/api/domains/{quote(url, safe='')}", d))
        k = rng.randint(1, 8)
        out.append((f"prefix {k}", f"/api/domains?q={quote(pick()[:k], safe='')}&limit=10", None))
    rng.shuffle(out)
    return out


def check(cat: str, expected: str | None, r: httpx.Response) -> str:
    """How the answer looks against what the request should get (counted, never asserted)."""
    if cat == "healthz" or cat.startswith("prefix"):
        return "ok" if r.status_code == 200 else f"HTTP {r.status_code}"
    if expected is None:
        return "ok" if r.status_code == 404 else f"HTTP {r.status_code} (expected 404)"
    if r.status_code != 200:
        return f"HTTP {r.status_code} (expected 200)"
    try:
        got = r.json().get("domain")
    except ValueError:
        return "not JSON"
    return "ok" if got == expected else "other domain"


def pct(xs: list[float], p: float) -> float:
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(round(p / 100 * (len(xs) - 1))))]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", type=Path, default=None, help="an existing aggregates folder (with domains.parquet)")
    ap.add_argument("--requests", type=int, default=1000, help="requests per category (default 1000)")
    ap.add_argument("--memory-limit", default="2GB", help="of the build, when the aggregates must be built")
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args()
    data = args.data or aggregates(args.memory_limit)
    index = data / "domains.parquet"
    if not index.exists():
        sys.exit(f"{index} is missing: the build has no domain index yet")
    manifest = json.loads((data / "manifest.json").read_text())
    rng = random.Random(args.seed)
    domains = sample_domains(index, max(200, args.requests), rng)
    print(f"index: {index} ({pq.ParquetFile(index).metadata.num_rows:,} domains, {index.stat().st_size / 1e6:.0f} MB, "
          f"{pq.ParquetFile(index).num_row_groups} row groups); manifest domains: {manifest.get('domains')}")

    port = free_port()
    log = open(ROOT / "bench" / "cache" / "domains_api-server.log", "w")  # noqa: SIM115 (lives with the server)
    t0 = time.perf_counter()
    server = subprocess.Popen([sys.executable, "-m", "app", "--data", str(data), "--host", "127.0.0.1",
                               "--port", str(port)], cwd=ROOT, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        with httpx.Client(base_url=base, timeout=60) as client:
            while True:
                if server.poll() is not None:
                    sys.exit(f"the server exited ({server.returncode}); see bench/cache/domains_api-server.log")
                try:
                    if client.get("/healthz").status_code == 200:
                        break
                except httpx.TransportError:
                    time.sleep(0.1)
            startup = time.perf_counter() - t0
            mem = {"after start-up": memory(server.pid)}
            t = time.perf_counter()
            cold = client.get(f"/api/domains/{quote(domains[0], safe='')}")
            cold_ms = (time.perf_counter() - t) * 1e3
            for _cat, path, _ in queries(domains, 20, random.Random(args.seed + 1)):  # warm-up, not measured
                client.get(path)
            mem["after warm-up"] = memory(server.pid)
            lat: dict[str, list[float]] = defaultdict(list)
            outcome: dict[str, Counter] = defaultdict(Counter)
            for cat, path, expected in queries(domains, args.requests, rng):
                t = time.perf_counter()
                r = client.get(path)
                lat[cat].append((time.perf_counter() - t) * 1e3)
                outcome[cat][check(cat, expected, r)] += 1
            mem["at the end"] = memory(server.pid)
    finally:
        server.terminate()
        try:
            server.wait(10)
        except subprocess.TimeoutExpired:
            server.kill()
        log.close()

    print(f"server up in {startup:.1f}s; first (cold) domain lookup {cold_ms:.1f} ms (HTTP {cold.status_code})")
    base_med = statistics.median(lat["healthz"])
    order = ["healthz", "domain", "absent", "host", "url", *sorted(c for c in lat if c.startswith("prefix"))]
    print(f"\n{'category':<10} {'n':>6} {'median ms':>10} {'p90 ms':>8} {'p99 ms':>8} {'max ms':>8} "
          f"{'x healthz':>9}  answers")
    for cat in order:
        xs = lat[cat]
        answers = ", ".join(f"{k} {v}" for k, v in outcome[cat].most_common())
        print(f"{cat:<10} {len(xs):>6} {statistics.median(xs):>10.2f} {pct(xs, 90):>8.2f} {pct(xs, 99):>8.2f} "
              f"{max(xs):>8.1f} {statistics.median(xs) / base_med:>9.1f}  {answers}")
    prefix = [x for c in lat if c.startswith("prefix") for x in lat[c]]
    print(f"{'prefix all':<10} {len(prefix):>6} {statistics.median(prefix):>10.2f} {pct(prefix, 90):>8.2f} "
          f"{pct(prefix, 99):>8.2f} {max(prefix):>8.1f} {statistics.median(prefix) / base_med:>9.1f}")
    print("\nserver memory (MB): " + "; ".join(f"{k}: VmRSS {v['VmRSS']:.0f}, VmHWM {v['VmHWM']:.0f}"
                                             for k, v in mem.items()))
    print(f"one client, one request at a time, keep-alive; {args.requests} requests per category, shuffled; "
          f"latency is the client's wall time per request (it includes the baseline's overhead)")


if __name__ == "__main__":
    main()
