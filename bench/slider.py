"""Benchmark: time from `explainer.setThreshold(t)` (or `setOffset(d)`) to every chart and number showing it.

    python bench/slider.py [--data DIR] [--n 50] [--width 1280]

Headless Debian Chromium loads the story, waits for every chart, then calls setThreshold at `n`
random thresholds across the absolute range, one after another, and setOffset at `n` random offsets
across the offset slider's range when the page has one (data with published thresholds); the offset
mode's median is also given as a ratio to the absolute mode's, measured in the same run. Each call's time runs from the
call to the resolution of its Promise (numbers written, every live Vega view re-run), measured
inside the page with performance.now(); "to next frame" also waits for the following animation
frame, i.e. until the browser can paint it. Target: median under 16 ms (one frame at 60 Hz).
"""

from __future__ import annotations

import argparse
import statistics
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench._story import CHROMIUM_ARGS, data_dir, serve  # noqa: E402

MEASURE = """async ({ts, frame, offset}) => {
  const out = [];
  for (const t of ts) {
    const a = performance.now();
    await (offset ? window.explainer.setOffset(t) : window.explainer.setThreshold(t));
    if (frame) await new Promise(r => requestAnimationFrame(() => r()));
    out.push(performance.now() - a);
  }
  return out;
}"""


def pct(xs: list[float], q: float) -> float:
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(round(q * (len(xs) - 1))))]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", type=Path)
    ap.add_argument("--n", type=int, default=50)
    ap.add_argument("--width", type=int, default=1280)
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()

    import random

    import httpx
    from playwright.sync_api import sync_playwright

    data = data_dir(args.data)
    with serve(data) as url, sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": args.width, "height": 900})
        page.goto(url + "/")
        page.wait_for_function("() => window.explainer !== undefined")
        page.evaluate("window.explainer.ready")
        stats_api = httpx.get(url + "/api/stats").json()
        lo, hi = stats_api["min_t"], 0.5
        rng = random.Random(args.seed)
        ts = [round(rng.uniform(lo, hi), 3) for _ in range(args.n)]
        page.evaluate(MEASURE, {"ts": ts[:5], "frame": False, "offset": False})  # warm-up: JIT, first re-runs
        charts = page.evaluate("window.explainer.views.length")
        live = page.evaluate("window.explainer.views.filter(v => v.live).length")
        stats = page.evaluate("document.querySelectorAll('[data-stat]').length")
        done = page.evaluate(MEASURE, {"ts": ts, "frame": False, "offset": False})
        framed = page.evaluate(MEASURE, {"ts": ts, "frame": True, "offset": False})
        off = page.locator("input[type=range][name=d]")
        ds_, off_done = [], []
        if off.count():
            d_hi = float(off.first.get_attribute("max"))
            ds_ = [round(rng.uniform(0, d_hi), 3) for _ in range(args.n)]
            off_done = page.evaluate(MEASURE, {"ts": ds_, "frame": False, "offset": True})
        browser.close()
    print(f"data: {data}")
    print(f"page: {charts} charts ({live} live), {stats} live numbers; {args.n} thresholds in [{lo}, {hi}]")
    print(f"setThreshold -> updated:     median {statistics.median(done):6.2f} ms   p95 {pct(done, 0.95):6.2f} ms"
          f"   max {max(done):6.2f} ms")
    print(f"setThreshold -> next frame:  median {statistics.median(framed):6.2f} ms   p95 {pct(framed, 0.95):6.2f} ms")
    if off_done:
        ratio = statistics.median(off_done) / statistics.median(done)
        print(f"setOffset -> updated:        median {statistics.median(off_done):6.2f} ms   p95 "
              f"{pct(off_done, 0.95):6.2f} ms   ({args.n} offsets in [0, {max(ds_)}]; x{ratio:.2f} setThreshold)")
    ok = statistics.median(done) < 16 and (not off_done or statistics.median(off_done) < 16)
    print(f"target median < 16 ms: {'met' if ok else 'MISSED'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
