"""Small parquet files with each dataset's real column names, written by the tests themselves."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

HOSTILE_CAPTIONS = [
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "</svg><svg onload=alert(2)>",
    "javascript:alert(1)",
    "{{7*7}}",
    '=HYPERLINK("http://x","y")',
    "+SUM(1,2)",
    "@cmd",
    "\u202eevil\u200b zero\u200dwidth",
]

HOSTS = ["i.pinimg.com", "cdn.shopify.com", "images.slideplayer.com", "slideplayer.fr",
         "www.pinterest.co.uk", "img.example-blog.com", "cdn.shop-lumiere.fr", "static.newsy.de"]


def laion_table(n: int, seed: int = 0, *, language: bool = False, aesthetic: bool = False,
                float_size: bool = False, captions: list[str] | None = None) -> pa.Table:
    """A LAION-5B-shaped table (URL, TEXT, WIDTH, HEIGHT, similarity, punsafe, pwatermark, ...)."""
    rng = np.random.default_rng(seed)
    hosts = rng.choice(HOSTS, n)
    ids = rng.integers(0, 10**9, n)
    urls = [f"https://{h}/img/{i}.jpg" for h, i in zip(hosts, ids, strict=True)]
    texts = captions * (n // len(captions) + 1) if captions else [f"caption {i} of things" for i in range(n)]
    width = rng.integers(64, 2000, n)
    height = rng.integers(64, 2000, n)
    cols: dict[str, pa.Array] = {
        "URL": pa.array(urls),
        "TEXT": pa.array(texts[:n]),
        "WIDTH": pa.array(width.astype("float64") if float_size else width.astype("int32")),
        "HEIGHT": pa.array(height.astype("float64") if float_size else height.astype("int32")),
        "similarity": pa.array(np.round(0.26 + rng.gamma(2.0, 0.02, n), 6)),
        "punsafe": pa.array(rng.beta(0.3, 8, n).astype("float32")),
        "pwatermark": pa.array(rng.beta(0.3, 5, n).astype("float32")),
    }
    if language:
        cols["LANGUAGE"] = pa.array(rng.choice(["fr", "de", "ru", "lb"], n))
    if aesthetic:
        cols["AESTHETIC_SCORE"] = pa.array((4.5 + rng.normal(0, 0.6, n)).astype("float32"))
    return pa.table(cols)


def datacomp_table(n: int, seed: int = 0) -> pa.Table:
    rng = np.random.default_rng(seed)
    return pa.table({
        "uid": pa.array([f"{i:032x}" for i in range(n)]),
        "url": pa.array([f"https://{h}/p/{i}.jpg" for i, h in enumerate(rng.choice(HOSTS, n))]),
        "text": pa.array([f"product photo {i}" for i in range(n)]),
        "original_width": pa.array(rng.integers(64, 2000, n).astype("int64")),
        "original_height": pa.array(rng.integers(64, 2000, n).astype("int64")),
        "clip_b32_similarity_score": pa.array(rng.uniform(0.1, 0.4, n).astype("float32")),
        "clip_l14_similarity_score": pa.array(rng.uniform(0.1, 0.4, n).astype("float32")),
    })


def coyo_table(n: int, seed: int = 0) -> pa.Table:
    rng = np.random.default_rng(seed)
    return pa.table({
        "id": pa.array(np.arange(n, dtype="int64")),
        "url": pa.array([f"https://{h}/c/{i}.jpg" for i, h in enumerate(rng.choice(HOSTS, n))]),
        "text": pa.array([f"a photo of item {i}" for i in range(n)]),
        "width": pa.array(rng.integers(64, 2000, n).astype("int32")),
        "height": pa.array(rng.integers(64, 2000, n).astype("int32")),
        "clip_similarity_vitb32": pa.array(rng.uniform(0.25, 0.4, n).astype("float32")),
        "clip_similarity_vitl14": pa.array(rng.uniform(0.25, 0.4, n).astype("float32")),
        "nsfw_score_opennsfw2": pa.array(rng.beta(0.3, 8, n).astype("float32")),
        "watermark_score": pa.array(rng.beta(0.3, 5, n).astype("float32")),
        "aesthetic_score_laion_v2": pa.array((4.5 + rng.normal(0, 0.6, n)).astype("float32")),
    })


def write(table: pa.Table, path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    pq.write_table(table, path, row_group_size=1000)
    return path


def stale(parent: Path, name: str = "agg") -> list[str]:
    """What builds left beside --out besides its lock and the published and previous versions."""
    kept = {f".{name}.lock"}
    versions = sorted(p.name for p in parent.glob(f".{name}.v-*"))
    assert len(versions) <= 2, versions  # the published one and the one before it
    return [p.name for p in parent.iterdir() if p.name.startswith(f".{name}") and p.name not in kept
            and p.name not in versions]
