"""The scenarios of bench/load.py beyond its throughput runs (`--scenario isolation|text`, `--soak S`).

- isolation: a reader (one connection: `/` then `/healthz`, 10 ms apart) alone, then the same reader
  while 16 clients loop on chart images at random thresholds of the 0.001 grid, charts, formats and
  themes (cold: the app gets an empty render cache). Targets: the reader's `/` p99 < 50 ms and
  `/healthz` p99 < 20 ms while the images are requested; reported beside the baseline of the same run.
- text: the same reader alone, then beside 8 clients (each from its own address, 127.0.0.2-9, since
  the limit is per address) sending `/?text=` with ever new texts. Target: the reader's p99 < 50 ms.
- soak: `--clients` clients (each its own address) on a mix of every kind of route for `--soak`
  seconds; reports errors (failed requests, and any status but 200/304 other than the 503s and 429s
  with Retry-After the app sheds load with, which are counted apart), and the resident memory of the
  app and of its render processes.
Clients that get 503 or 429 ask again at once (they ignore Retry-After: the worst case).
"""

from __future__ import annotations

import asyncio
import contextlib
import random
import threading
import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from bench.load import REQUEST_TIMEOUT, Connection, pct, rss_mb

READER_PAUSE = 0.01  # s between a reader's requests: a reader, not a load generator
THEMES = ("light", "dark")
WORDS = ("Haus", "maison", "casa", "house", "Garten", "jardin", "blue", "rouge", "vintage", "poster", "Kinder",
         "enfants", "summer", "été", "sale", "free", "shipping", "hochzeit", "mariage", "wedding", "dress", "robe")


def family_rss(pid: int) -> tuple[float, float]:
    """(the app's RSS, the sum of its child processes' RSS) in MB: the render processes are children."""
    kids: list[int] = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        with contextlib.suppress(OSError):
            kids += [int(k) for k in (task / "children").read_text().split()]
    total = 0.0
    for k in kids:
        with contextlib.suppress(OSError):
            total += rss_mb(k)
    return rss_mb(pid), total


@dataclass
class Tally:
    latencies: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    statuses: dict[str, dict[str, int]] = field(default_factory=lambda: defaultdict(lambda: defaultdict(int)))

    def add(self, kind: str, status: str, seconds: float) -> None:
        self.statuses[kind][status] += 1
        if status == "200":
            self.latencies[kind].append(seconds)

    def ms(self, kind: str) -> str:
        xs = self.latencies.get(kind, [])
        return f"p50 {pct(xs, 0.5) * 1000:6.1f} ms  p99 {pct(xs, 0.99) * 1000:6.1f} ms  ({len(xs)} ok)"


async def loop(base: str, deadline: float, tally: Tally, paths, pause: float = 0.0,
               local: str | None = None, polite: bool = False) -> None:
    """One client: GET next(paths) until the deadline, over one keep-alive connection; `polite`
    waits the Retry-After of a 503 or 429 before its next request."""
    host, port = base.removeprefix("http://").split(":")
    conn = Connection(host, int(port), local)
    try:
        while time.perf_counter() < deadline:
            kind, path = next(paths)
            a = time.perf_counter()
            try:
                status = str(await asyncio.wait_for(conn.get(path), REQUEST_TIMEOUT))
            except (OSError, asyncio.IncompleteReadError, asyncio.LimitOverrunError, TimeoutError, ValueError,
                    IndexError) as e:
                status = type(e).__name__
                await conn.close()
            tally.add(kind, status, time.perf_counter() - a)
            if polite and status in ("503", "429"):
                wait = float(conn.headers.get("retry-after", "1"))
                if wait >= 4:
                    await conn.close()  # uvicorn closes a connection idle for 5 s
                await asyncio.sleep(min(wait, max(0.0, deadline - time.perf_counter())))
            elif pause:
                await asyncio.sleep(pause)
    finally:
        await conn.close()


def reader_paths():
    while True:
        yield "page", "/"
        yield "healthz", "/healthz"


def image_paths(charts: list[str], rng: random.Random):
    while True:
        fmt, t = rng.choice(("png", "svg")), rng.randrange(1001) / 1000
        yield "image", f"/charts/{rng.choice(charts)}.{fmt}?t={t:.3f}&theme={rng.choice(THEMES)}"


def text(rng: random.Random) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(rng.randint(3, 12))) + f" {rng.randrange(10**6)}"


def text_paths(rng: random.Random):
    from urllib.parse import quote

    while True:
        yield "text", f"/?text={quote(text(rng))}"


def mixed_paths(base: str, charts: list[str], rng: random.Random):
    """Every kind of route, readers' most often."""
    from urllib.parse import quote

    while True:
        r = rng.random()
        c = rng.choice(charts)
        t = rng.randrange(1001) / 1000
        if r < 0.30:
            yield "page", rng.choice(("/", "/?t=0.280", "/?t=0.300", "/present", "/story.json"))
        elif r < 0.50:
            yield "api", f"/api/threshold?t={t:.3f}"
        elif r < 0.60:
            yield "embed", f"/embed/{c}"
        elif r < 0.65:
            yield "healthz", "/healthz"
        elif r < 0.75:
            yield "image", f"/charts/{c}.{rng.choice(('png', 'svg'))}?t={t:.3f}&theme={rng.choice(THEMES)}"
        elif r < 0.80:
            yield "csv", f"/charts/{c}.csv?t={t:.3f}"
        elif r < 0.85:
            yield "oembed", f"/oembed?url={quote(f'{base}/embed/{c}')}&maxwidth={rng.randint(300, 700)}"
        elif r < 0.92:
            yield "language", f"/api/language?text={quote(text(rng))}"
        else:
            yield "text", f"/?text={quote(text(rng))}"


async def phase(base: str, duration: float, load: list[tuple[object, str | None]],
                polite: bool = False) -> tuple[Tally, Tally]:
    """The reader's tally and the load's, over `duration` seconds; `load` is (paths, local address) per client."""
    deadline = time.perf_counter() + duration
    reader, others = Tally(), Tally()
    await asyncio.gather(loop(base, deadline, reader, reader_paths(), READER_PAUSE),
                         *(loop(base, deadline, others, p, 0.0, local, polite) for p, local in load))
    return reader, others


def verdict(ok: bool) -> str:
    return "met" if ok else "MISSED"


def reader_lines(label: str, base: Tally, loaded: Tally) -> None:
    for kind, target in (("page", 50), ("healthz", 20)):
        b, x = base.latencies.get(kind, []), loaded.latencies.get(kind, [])
        p99 = pct(x, 0.99) * 1000
        ratio = p99 / (pct(b, 0.99) * 1000) if b else float("nan")
        line = f"  reader {kind:<7} alone {base.ms(kind)}   {label}: {loaded.ms(kind)}   p99 ratio {ratio:.2f}"
        if kind == "page" or label == "16 image clients":
            line += f"   target p99 < {target} ms {verdict(p99 < target)}"
        print(line)
    errs = {k: dict(v) for k, v in loaded.statuses.items() if set(v) - {"200"}}
    if errs:
        print(f"  reader non-200: {errs}")


def run_isolation(base: str, charts: list[str], duration: float, clients: int = 16) -> None:
    """The reader alone, then beside image clients that ask again at once, then beside polite ones."""
    rng = random.Random(13)
    alone, _ = asyncio.run(phase(base, duration, []))
    for polite in (False, True):
        load = [(image_paths(charts, rng), None) for _ in range(clients)]
        reader, images = asyncio.run(phase(base, duration, load, polite))
        s = images.statuses["image"]
        how = "waiting Retry-After after a 503" if polite else "asking again at once after a 503"
        print(f"\nrender isolation: {duration:g} s alone, then {duration:g} s beside {clients} clients on random "
              f"images, {how}")
        reader_lines(f"{clients} image clients", alone, reader)
        print(f"  image clients: {dict(s)}; 200s {images.ms('image')}; "
              f"{s.get('200', 0) / duration:.1f} images/s served, {s.get('503', 0) / duration:.0f} 503/s")


def run_text(base: str, duration: float, clients: int = 8) -> None:
    rng = random.Random(8)
    alone, _ = asyncio.run(phase(base, duration, []))
    load = [(text_paths(random.Random(rng.random())), f"127.0.0.{2 + i}") for i in range(clients)]
    reader, texts = asyncio.run(phase(base, duration, load))
    s = texts.statuses["text"]
    print(f"\n/?text=: {duration:g} s alone, then {duration:g} s beside {clients} clients (one address each) "
          "sending new texts")
    reader_lines(f"{clients} text clients", alone, reader)
    print(f"  text clients: {dict(s)}; 200s {texts.ms('text')}; {s.get('200', 0) / duration:.1f} answers/s, "
          f"{s.get('429', 0) / duration:.0f} 429/s")


def run_soak(base: str, charts: list[str], seconds: float, clients: int, pid: int) -> None:
    rng = random.Random(64)
    samples: list[tuple[float, float]] = []
    done = threading.Event()

    def sample() -> None:
        while not done.is_set():
            samples.append(family_rss(pid))
            done.wait(1.0)

    th = threading.Thread(target=sample, daemon=True)
    th.start()
    load = [(mixed_paths(base, charts, random.Random(rng.random())), f"127.0.{1 + i // 250}.{2 + i % 250}")
            for i in range(clients)]
    try:
        reader, tally = asyncio.run(phase(base, seconds, load))
    finally:
        done.set()
        th.join()
    samples.append(family_rss(pid))
    total = sum(sum(v.values()) for v in tally.statuses.values())
    shed: dict[str, int] = defaultdict(int)
    errors: dict[str, int] = defaultdict(int)
    for kind, statuses in tally.statuses.items():
        for status, n in statuses.items():
            if status in ("200", "304"):
                continue
            if status == "503" and kind in ("image", "oembed"):
                shed["render 503"] += n
            elif status in ("429", "503") and kind in ("language", "text"):
                shed[f"language {status}"] += n
            else:
                errors[f"{kind} {status}"] += n
    app = [a for a, _ in samples]
    kids = [k for _, k in samples]
    print(f"\nsoak: {seconds:g} s, {clients} clients (one address each) on mixed routes: {total} requests "
          f"({total / seconds:.0f}/s)")
    print(f"  errors {sum(errors.values())} {dict(errors) if errors else ''}; shed by design (with Retry-After): "
          f"{dict(shed)}")
    for kind in sorted(tally.latencies):
        print(f"  {kind:<9} {tally.ms(kind)}")
    print(f"  a reader beside them: / {reader.ms('page')}; /healthz {reader.ms('healthz')}")
    print(f"  RSS MB: app start {app[0]:.0f}, peak {max(app):.0f}, end {app[-1]:.0f}; render processes "
          f"start {kids[0]:.0f}, peak {max(kids):.0f}, end {kids[-1]:.0f} ({len(samples)} samples, 1 s apart)")
