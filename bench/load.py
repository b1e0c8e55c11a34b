"""Load benchmark: concurrent clients against one uvicorn worker, and the same bytes as static files.

    python bench/load.py [--data DIR] [--duration 30] [--clients 64,256]
    python bench/load.py --scenario isolation --scenario text [--duration 30]   (bench/load_scenarios.py)
    python bench/load.py --soak 600 --clients 64

Starts two servers as subprocesses on 127.0.0.1 (never anything else):
- the app exactly as deployed (`python -m app --data DIR`: one uvicorn worker, access log on);
- a static server: uvicorn with Starlette's StaticFiles over a folder holding, byte for byte, the
  bodies the app sends for the same URLs (the limit for a precomputed page), access log on too.
The request mix, the same for both, is a third each: `/`, `/api/threshold` at 50 thresholds
across the slider's range, and `/embed/{chart}` for every chart. Clients send a browser's
Accept-Encoding (so the app answers with its cached brotli bodies) over keep-alive connections
of a minimal asyncio HTTP/1.1 client, and read the raw bytes without decoding them, so both
servers cost the client the same.

Before measuring, the app's start-up work is waited out: lingua (~0.9 GB, ~30 s of CPU, loaded in
a background thread; the first /api/language call returns once it is loaded) and one request per
URL of the mix (pages and embeds are rendered once per threshold, then cached). For each client
count, the app and then the static server get `--duration` seconds each. Reported per run:
requests/s, p50/p99 latency (all requests and per kind), errors (non-200 or failed requests),
and the app process's resident memory (VmRSS) sampled every 0.5 s: start, peak and end.
Targets: zero errors, p99 under 100 ms at 64 clients, at least half the static throughput,
memory flat over a run. The machine has 2 cores, shared by client and server: the client takes
most of one, so absolute figures are a floor; the ratio is the comparison that matters.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench._story import data_dir  # noqa: E402

ACCEPT_ENCODING = "gzip, deflate, br"  # what Chromium sends over http://
THRESHOLDS = 50
REQUEST_TIMEOUT = 30.0


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def rss_mb(pid: int) -> float:
    """Resident set size of a process from /proc (Linux), in MB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def wait_ready(url: str, proc: subprocess.Popen[bytes], timeout: float = 180) -> None:
    import httpx

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"server exited with {proc.returncode}")
        try:
            if httpx.get(url, timeout=2).status_code < 500:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.25)
    raise RuntimeError(f"{url} did not answer in {timeout:.0f} s")


def start(cmd: list[str], log: Path, env: dict[str, str] | None = None, cwd: Path = ROOT) -> subprocess.Popen[bytes]:
    out = open(log, "wb")  # noqa: SIM115 - closed with the process
    return subprocess.Popen(cmd, cwd=cwd, stdout=out, stderr=subprocess.STDOUT, env={**os.environ, **(env or {})})


def stop(proc: subprocess.Popen[bytes]) -> None:
    proc.terminate()
    try:
        proc.wait(timeout=15)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


# ---------------------------------------------------------------- the request mix


def request_mix(app_url: str) -> list[tuple[str, str]]:
    """(kind, path) in the order clients cycle through them: a third of each kind."""
    import httpx

    charts = httpx.get(app_url + "/api/charts", timeout=30).json()
    stats = httpx.get(app_url + "/api/stats", timeout=30).json()
    lo, hi = float(stats["min_t"]), 0.5
    ts = [round(lo + (hi - lo) * i / (THRESHOLDS - 1), 3) for i in range(THRESHOLDS)]
    thresholds = [("threshold", f"/api/threshold?t={t:.3f}") for t in ts]
    embeds = [("embed", c["embed_url"].split("?")[0]) for c in charts]
    n = max(len(thresholds), len(embeds))
    mix: list[tuple[str, str]] = []
    for i in range(n):
        mix += [("page", "/"), thresholds[i % len(thresholds)], embeds[i % len(embeds)]]
    return mix


def write_static(app_url: str, mix: list[tuple[str, str]], folder: Path) -> list[tuple[str, str]]:
    """Save the app's raw response bodies for the mix as files; return the mix as static paths."""
    import httpx

    names: dict[str, str] = {}
    with httpx.Client(base_url=app_url, timeout=60, headers={"accept-encoding": ACCEPT_ENCODING}) as c:
        for _, path in mix:
            if path in names:
                continue
            with c.stream("GET", path) as r:
                r.raise_for_status()
                body = b"".join(r.iter_raw())
            name = f"f{len(names)}"
            (folder / name).write_bytes(body)
            names[path] = f"/{name}"
    return [(kind, names[path]) for kind, path in mix]


def serve_static(folder: str, port: int) -> None:
    """The static server (run in a subprocess by this script): uvicorn + StaticFiles, one worker."""
    import uvicorn
    from starlette.staticfiles import StaticFiles

    uvicorn.run(StaticFiles(directory=folder), host="127.0.0.1", port=port, log_level="info")


# ---------------------------------------------------------------- the clients


@dataclass
class Run:
    latencies: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    errors: int = 0
    error_kinds: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    elapsed: float = 0.0
    rss: list[float] = field(default_factory=list)

    @property
    def count(self) -> int:
        return sum(len(v) for v in self.latencies.values())

    def all(self) -> list[float]:
        return [x for v in self.latencies.values() for x in v]


def pct(xs: list[float], q: float) -> float:
    if not xs:
        return float("nan")
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(round(q * (len(xs) - 1))))]


class Connection:
    """A minimal HTTP/1.1 keep-alive client for one connection: GET, read the raw body, nothing else.

    httpx's pool was measured here to collapse past a few dozen concurrent connections (91 req/s at
    64 clients against the static server, 426 req/s with one), so it would measure itself, not the
    servers. Bodies are not decoded: both servers cost the client the same.
    """

    def __init__(self, host: str, port: int, local: str | None = None) -> None:
        self.host, self.port = host, port
        self.local = local  # the client's own address (127.0.0.x): the app limits some routes per address
        self.headers: dict[str, str] = {}  # the last response's, names in lower case
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None

    async def close(self) -> None:
        if self.writer is not None:
            self.writer.close()
            with contextlib.suppress(OSError):
                await self.writer.wait_closed()
        self.reader = self.writer = None

    async def get(self, path: str) -> int:
        """GET path; returns the status code once the whole body is read."""
        if self.writer is None:
            self.reader, self.writer = await asyncio.open_connection(
                self.host, self.port, local_addr=(self.local, 0) if self.local else None)
        assert self.reader is not None
        self.writer.write(f"GET {path} HTTP/1.1\r\nHost: {self.host}:{self.port}\r\nAccept: */*\r\n"
                          f"Accept-Encoding: {ACCEPT_ENCODING}\r\n\r\n".encode())
        head = (await self.reader.readuntil(b"\r\n\r\n")).decode("latin-1").split("\r\n")
        status = int(head[0].split()[1])
        fields = {k.strip().lower(): v.strip() for k, _, v in (h.partition(":") for h in head[1:] if h)}
        self.headers = fields
        if "content-length" in fields:
            await self.reader.readexactly(int(fields["content-length"]))
        elif fields.get("transfer-encoding", "").lower() == "chunked":
            while True:
                size = int((await self.reader.readuntil(b"\r\n")).split(b";")[0], 16)
                await self.reader.readexactly(size + 2)
                if size == 0:
                    break
        if fields.get("connection", "").lower() == "close":
            await self.close()
        return status


async def drive(base: str, mix: list[tuple[str, str]], clients: int, duration: float) -> Run:
    host, port = base.removeprefix("http://").split(":")
    run = Run()
    deadline = time.perf_counter() + duration

    async def worker(i: int) -> None:
        conn = Connection(host, int(port))
        k = (i * 7) % len(mix)  # clients start at different places of the mix
        try:
            while time.perf_counter() < deadline:
                kind, path = mix[k]
                k = (k + 1) % len(mix)
                a = time.perf_counter()
                try:
                    status = await asyncio.wait_for(conn.get(path), REQUEST_TIMEOUT)
                    why = str(status)
                except (OSError, asyncio.IncompleteReadError, asyncio.LimitOverrunError, TimeoutError,
                        ValueError, IndexError) as e:
                    status, why = 0, type(e).__name__
                    await conn.close()
                if status == 200:
                    run.latencies[kind].append(time.perf_counter() - a)
                else:
                    run.errors += 1
                    run.error_kinds[why] += 1
        finally:
            await conn.close()

    t0 = time.perf_counter()
    await asyncio.gather(*(worker(i) for i in range(clients)))
    run.elapsed = time.perf_counter() - t0
    return run


def measure(base: str, mix: list[tuple[str, str]], clients: int, duration: float, pid: int) -> Run:
    samples: list[float] = []
    done = threading.Event()

    def sample() -> None:
        while not done.is_set():
            samples.append(rss_mb(pid))
            done.wait(0.5)

    th = threading.Thread(target=sample, daemon=True)
    th.start()
    try:
        run = asyncio.run(drive(base, mix, clients, duration))
    finally:
        done.set()
        th.join()
    samples.append(rss_mb(pid))
    run.rss = samples
    return run


def line(label: str, run: Run) -> str:
    xs = run.all()
    rps = run.count / run.elapsed if run.elapsed else 0.0
    kinds = "  ".join(f"{k} p50 {pct(v, 0.5) * 1000:.1f}/p99 {pct(v, 0.99) * 1000:.1f}"
                      for k, v in sorted(run.latencies.items()))
    errs = f"errors {run.errors}" + (f" {dict(run.error_kinds)}" if run.errors else "")
    return (f"{label:<18} {rps:8.0f} req/s   p50 {pct(xs, 0.5) * 1000:6.1f} ms   p99 {pct(xs, 0.99) * 1000:6.1f} ms   "
            f"{errs}   ({run.count} requests in {run.elapsed:.1f} s; ms by kind: {kinds})")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", type=Path)
    ap.add_argument("--duration", type=float, default=30.0, help="seconds per run (default 30)")
    ap.add_argument("--clients", default="64,256", help="comma-separated concurrent client counts")
    ap.add_argument("--scenario", action="append", choices=("throughput", "isolation", "text"),
                    help="what to run (repeatable; default throughput): bench/load_scenarios.py")
    ap.add_argument("--app-root", type=Path, default=ROOT,
                    help="checkout whose app is served (e.g. the main branch, for a before/after figure)")
    ap.add_argument("--soak", type=float, metavar="SECONDS", help="mixed routes for SECONDS at --clients clients")
    ap.add_argument("--serve-static", nargs=2, metavar=("DIR", "PORT"), help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.serve_static:
        serve_static(args.serve_static[0], int(args.serve_static[1]))
        return 0

    import httpx

    data = data_dir(args.data)
    counts = [int(x) for x in args.clients.split(",") if x.strip()]
    tmp = Path(tempfile.mkdtemp(prefix="explainer-load-"))
    app_port, static_port = free_port(), free_port()
    app_url, static_url = f"http://127.0.0.1:{app_port}", f"http://127.0.0.1:{static_port}"
    # an empty render cache: every image the scenarios ask for is drawn, none read from an earlier run
    app_proc = start([sys.executable, "-m", "app", "--data", str(data), "--host", "127.0.0.1",
                      "--port", str(app_port)], tmp / "app.log", {"EXPLAINER_RENDER_CACHE": str(tmp / "renders")},
                     args.app_root)
    static_proc: subprocess.Popen[bytes] | None = None
    try:
        started = time.perf_counter()
        wait_ready(app_url + "/healthz", app_proc)
        up = time.perf_counter() - started
        httpx.get(app_url + "/api/language", params={"text": "warm up"}, timeout=600)  # waits for lingua
        print(f"data: {data}")
        print(f"app: pid {app_proc.pid}, answering {up:.1f} s after start, lingua loaded "
              f"{time.perf_counter() - started:.1f} s after start; measuring after that "
              f"(RSS now {rss_mb(app_proc.pid):.0f} MB)")
        scenarios = args.scenario or ([] if args.soak else ["throughput"])
        if set(scenarios) - {"throughput"} or args.soak:
            from bench import load_scenarios

            charts = [c["id"] for c in httpx.get(app_url + "/api/charts", timeout=30).json()]
            httpx.get(app_url + "/", timeout=60)  # the story page at the default threshold, rendered once
            print(f"runs on 127.0.0.1; {os.cpu_count()} cores shared by the clients and the app")
            if "isolation" in scenarios:
                load_scenarios.run_isolation(app_url, charts, args.duration)
            if "text" in scenarios:
                load_scenarios.run_text(app_url, args.duration)
            if args.soak:
                load_scenarios.run_soak(app_url, charts, args.soak, counts[0], app_proc.pid)
            if "throughput" not in scenarios:
                return 0
        mix = request_mix(app_url)
        (tmp / "static").mkdir()
        static_mix = write_static(app_url, mix, tmp / "static")  # also renders and caches every URL once
        static_proc = start([sys.executable, str(Path(__file__).resolve()), "--serve-static", str(tmp / "static"),
                             str(static_port)], tmp / "static.log")
        wait_ready(static_url + static_mix[0][1], static_proc)
        sizes = {k: (tmp / "static" / p.lstrip("/")).stat().st_size for k, p in static_mix}
        print(f"mix: {len(mix)} URLs cycled ({len({p for _, p in mix})} distinct); bytes per response "
              f"({ACCEPT_ENCODING}): " + ", ".join(f"{k} {v / 1024:.1f} KB" for k, v in sizes.items()))
        print(f"runs: {args.duration:g} s each, app then static, on 127.0.0.1; {os.cpu_count()} cores shared")
        for n in counts:
            app_run = measure(app_url, mix, n, args.duration, app_proc.pid)
            static_run = measure(static_url, static_mix, n, args.duration, static_proc.pid)
            ratio = (app_run.count / app_run.elapsed) / (static_run.count / static_run.elapsed)
            print(f"\n{n} clients")
            print(line("app", app_run))
            print(line("static same bytes", static_run))
            rss = app_run.rss
            print(f"app/static throughput: {ratio:.2f} (target >= 0.5)   app RSS MB: start {rss[0]:.0f}, "
                  f"peak {max(rss):.0f}, end {rss[-1]:.0f} ({len(rss)} samples)")
            p99 = pct(app_run.all(), 0.99) * 1000
            if n == 64:
                verdict = {True: "met", False: "MISSED"}
                print(f"targets at 64: errors 0 {verdict[app_run.errors == 0]}, p99 < 100 ms {verdict[p99 < 100]}, "
                      f"ratio >= 0.5 {verdict[ratio >= 0.5]}")
        print(f"\napp RSS at the end of all runs: {rss_mb(app_proc.pid):.0f} MB")
    finally:
        for p in (app_proc, static_proc):
            if p is not None:
                stop(p)
    return 0


if __name__ == "__main__":
    sys.exit(main())
