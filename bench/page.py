"""Benchmark: first-view page weight of the story and time to first byte of `/`.

    python bench/page.py [--data DIR] [--requests 200]

Weight: the HTML (with its inline JSON data block) and every stylesheet, script and icon it
references, each gzipped at level 6 as a server would send it; images in <noscript> are not part
of a JavaScript reader's first view. TTFB: `n` sequential GETs of `/` on one keep-alive
connection to uvicorn on localhost, from sending the request to receiving the response headers,
after 10 warm-up requests (the first render of a threshold builds the page, later ones are
cached). Targets: under 600 KB gzipped in all, TTFB median under 10 ms.
"""

from __future__ import annotations

import argparse
import gzip
import re
import statistics
import sys
import time
from html import unescape
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench._story import data_dir, serve  # noqa: E402


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", type=Path)
    ap.add_argument("--requests", type=int, default=200)
    args = ap.parse_args()

    import httpx

    data = data_dir(args.data)
    with serve(data) as url, httpx.Client(base_url=url) as client:
        cold = time.perf_counter()
        html = client.get("/").text
        cold = time.perf_counter() - cold
        page = re.sub(r"<noscript>.*?</noscript>", "", html, flags=re.S)
        refs = re.findall(r'<(?:script[^>]+src|link rel="(?:stylesheet|icon)"[^>]+href)="(/[^"]+)"', page)
        rows = [("/ (HTML + data block)", len(html.encode()), len(gzip.compress(html.encode(), 6)))]
        block = re.search(r'<script type="application/json" id="explainer-data">(.*?)</script>', html, re.S)
        for ref in refs:
            body = client.get(unescape(ref)).content
            rows.append((ref.split("?")[0], len(body), len(gzip.compress(body, 6))))

        for _ in range(10):
            client.get("/")
        ttfb = []
        for _ in range(args.requests):
            a = time.perf_counter()
            with client.stream("GET", "/") as r:
                ttfb.append((time.perf_counter() - a) * 1000)
                r.read()

    print(f"data: {data}")
    print(f"{'resource':40} {'raw KB':>10} {'gzip KB':>10}")
    for name, raw, gz in rows:
        print(f"{name:40} {raw / 1024:10.1f} {gz / 1024:10.1f}")
    total_raw, total_gz = sum(r[1] for r in rows), sum(r[2] for r in rows)
    print(f"{'total':40} {total_raw / 1024:10.1f} {total_gz / 1024:10.1f}")
    if block:
        b = block.group(1).encode()
        gz = len(gzip.compress(b, 6))
        print(f"  of which the JSON data block: {len(b) / 1024:.1f} KB raw, {gz / 1024:.1f} KB gzipped")
    print(f"first render of / (cold): {cold * 1000:.0f} ms")
    ttfb.sort()
    print(f"TTFB of / over {len(ttfb)} requests: median {statistics.median(ttfb):.2f} ms, "
          f"p95 {ttfb[int(0.95 * (len(ttfb) - 1))]:.2f} ms")
    print(f"targets: weight < 600 KB gzipped: {'met' if total_gz < 600 * 1024 else 'MISSED'}; "
          f"TTFB median < 10 ms: {'met' if statistics.median(ttfb) < 10 else 'MISSED'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
