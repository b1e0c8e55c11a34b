"""A LAION-shaped corpus whose every displayable caption and many host names are attacks.

Built through the real pipeline (precompute.build with every row a sample candidate). The layout
makes every hostile caption reach the page, whatever the sample hash picks:
- exactly 5 safe rows (punsafe 0.01) per site group (Pinterest, Shopify, SlidePlayer, other), and
  the story shows 5 captions per group, so all 20 safe captions are on the page;
- 6 of them score >= 0.46 (the "highest-scoring captions" block) and 5 are labelled Luxembourgish
  (the "captions labelled Luxembourgish" block);
- every other row is over LAION's unsafe threshold (punsafe >= 0.5, some exactly 0.5) or has no
  unsafe score, with UNSAFE_MARK / NULL_MARK captions that must never be shown;
- filler rows come from hostile host names, enough of them to fill the top-domains chart.
Payloads that would run set window.__pwned (a canary the browser tests read) or call alert()
(which fires a dialog the tests listen for); `src=x` payloads would also request /x.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

LONG_PAYLOAD = "<img src=x onerror=window.__pwned=100>"
LONG_CAPTION = LONG_PAYLOAD + "A" * 100_000 + LONG_PAYLOAD  # a 100 KB caption, payload at both ends

HOSTILE_CAPTIONS: list[str] = [
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "</svg><svg onload=alert(2)>",
    "javascript:alert(1)",
    "{{7*7}}",
    '=HYPERLINK("http://x","y")',
    LONG_CAPTION,
    "\u202eevil\u202c RTL override مرحبا بالعالم \u05e9\u05dc\u05d5\u05dd <b>bold?</b>",
    "zero\u200bwidth\u200c\u200djoiner\ufeff\u2066isolate\u2069 text",
    "<img src=x onerror=window.__pwned=1>",
    '"><svg onload=window.__pwned=2>',
    "</script><script>window.__pwned=3</script>",
    '</q></li></ul><iframe srcdoc="<script>parent.__pwned=4</script>"></iframe>',
    "' onmouseover='window.__pwned=5' x='",
    '" autofocus onfocus="window.__pwned=6" x="',
    '<a href="javascript:window.__pwned=7">click me</a>',
    "{% raw %}{{ config }}{% endraw %} ${7*7} #{7*7}",
    "\u2028\u2029</script><!-- <![CDATA[ ]]>",
    "<math><mtext><table><mglyph><style><img src=x onerror=window.__pwned=8>",
    "&lt;img src=x onerror=window.__pwned=9&gt; +SUM(1,2) @cmd",
]
assert len(HOSTILE_CAPTIONS) == 20

# host names that stay hostile after the pipeline's host normalisation and registered-domain folding
HOSTILE_HOSTS = ["<img src=x onerror=alert(10)>.com", "=1+2.com", "+sum(1,2).org", "-2+3.net", "{{7*7}}.com",
                 "\u202eevil.com", '"><svg onload=alert(11)>', "<script>alert(12)<"]
SITE_HOSTS = {"Pinterest": "i.pinimg.com", "Shopify": "cdn.shopify.com", "SlidePlayer": "images.slideplayer.com",
              "(other)": "img.example-blog.com"}
UNSAFE_MARK = "UNSAFE-CANARY"
NULL_MARK = "NULL-PUNSAFE-CANARY"
SUBSETS = ("laion2B-en", "laion2B-multi", "laion1B-nolang")
FILLER_ROWS = 1200  # per subset


def _table(rows: list[dict[str, object]], language: bool) -> pa.Table:
    cols: dict[str, pa.Array] = {
        "URL": pa.array([r["url"] for r in rows], pa.string()),
        "TEXT": pa.array([r["text"] for r in rows], pa.string()),
        "WIDTH": pa.array([r["w"] for r in rows], pa.int32()),
        "HEIGHT": pa.array([r["h"] for r in rows], pa.int32()),
        "similarity": pa.array([r["sim"] for r in rows], pa.float64()),
        "punsafe": pa.array([r["punsafe"] for r in rows], pa.float32()),
        "pwatermark": pa.array([r["pw"] for r in rows], pa.float32()),
    }
    if language:
        cols["LANGUAGE"] = pa.array([r["lang"] for r in rows], pa.string())
    else:
        cols["AESTHETIC_SCORE"] = pa.array([r["aes"] for r in rows], pa.float32())
    return pa.table(cols)


def safe_rows() -> dict[str, list[dict[str, object]]]:
    """The 20 displayable rows, by subset."""
    out: dict[str, list[dict[str, object]]] = {s: [] for s in SUBSETS}
    groups = list(SITE_HOSTS.values())
    for i, caption in enumerate(HOSTILE_CAPTIONS):
        host = groups[i % 4]
        top = i < 6
        lux = 6 <= i < 11
        subset = "laion2B-multi" if lux else SUBSETS[i % 3]
        out[subset].append({
            "url": f"https://{host}/safe/{i}.jpg", "text": caption, "w": 640, "h": 480,
            "sim": 0.49 - i * 0.001 if top else 0.33 + i * 0.001, "punsafe": 0.01, "pw": 0.1,
            "lang": "lb" if lux else "fr", "aes": 5.0 + i * 0.05,
        })
    return out


def filler_rows(subset: str, seed: int) -> list[dict[str, object]]:
    """Rows that count in every histogram but are never shown: unsafe or unscored."""
    rng = np.random.default_rng(seed)
    hosts = HOSTILE_HOSTS * 3 + list(SITE_HOSTS.values())
    rows = []
    for i in range(FILLER_ROWS):
        host = hosts[int(rng.integers(len(hosts)))]
        if i % 10 == 0:
            punsafe, text = None, f"{NULL_MARK} {i}"
        else:
            punsafe = 0.5 if i % 10 == 1 else float(rng.uniform(0.5, 1.0))
            text = f"{UNSAFE_MARK} {i}"
        rows.append({
            "url": f"https://{host}/unsafe/{subset}/{i}.jpg", "text": text,
            "w": int(rng.integers(64, 2000)), "h": int(rng.integers(64, 2000)),
            "sim": float(min(0.455, 0.26 + rng.gamma(2.0, 0.02))), "punsafe": punsafe,
            "pw": float(rng.beta(0.3, 5)), "lang": str(rng.choice(["fr", "de", "ru", "lb"])),
            "aes": float(4.5 + rng.normal(0, 0.6)),
        })
    return rows


def write_corpus(root: Path) -> Path:
    """Parquet shards under root/shards/<subset>/; returns the shards folder."""
    shards = root / "shards"
    safe = safe_rows()
    for k, subset in enumerate(SUBSETS):
        rows = safe[subset] + filler_rows(subset, k)
        path = shards / subset / f"part-00000-hostile{k}-c000.snappy.parquet"
        path.parent.mkdir(parents=True, exist_ok=True)
        pq.write_table(_table(rows, language=subset == "laion2B-multi"), path, row_group_size=500)
    return shards


def build_corpus(root: Path) -> Path:
    """Write and build the corpus; returns the aggregates folder."""
    from precompute.build.run import build

    shards = write_corpus(root)
    out = root / "aggregates"
    build([str(shards / "*" / "*.parquet")], out, sample_mod=1)
    return out


def all_urls(root: Path) -> list[str]:
    """Every URL in the corpus (none may appear in anything the app serves)."""
    return [u for f in sorted((root / "shards").rglob("*.parquet")) for u in pq.read_table(f).column("URL").to_pylist()]
