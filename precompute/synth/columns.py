"""Vectorised string and size columns of the synthetic replica: URLs and image dimensions.

Strings are built with pyarrow compute over whole shards (no Python loop per row): random hex and
digit strings come from a lookup table applied to random nibbles, then joined element-wise.
"""

from __future__ import annotations

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

# caption kinds, in the order the generator numbers them
PRODUCT, SLIDE, PIN, WEB, TEXTIMG = range(5)
KIND_NAMES = ("product", "slide", "pin", "web", "textimg")
# site codes (0 = invented long tail)
TAIL, PINTEREST, SHOPIFY, SLIDEPLAYER = range(4)

_HEX = np.frombuffer(b"0123456789abcdef", dtype=np.uint8)
_DIG = np.frombuffer(b"0123456789", dtype=np.uint8)


def rand_chars(rng: np.random.Generator, n: int, width: int, digits: bool = False) -> pa.Array:
    """n random lower-case hex (or decimal) strings of fixed width."""
    raw = np.frombuffer(rng.bytes(n * width), dtype=np.uint8).reshape(n, width)
    codes = _DIG[raw % 10] if digits else _HEX[raw & 15]  # the modulo bias of digits does not matter here
    if digits:
        codes[:, 0] = _DIG[1 + raw[:, 0] % 9]  # no leading zero
    raw = np.ascontiguousarray(codes).view(f"S{width}").ravel()
    return pa.array(raw, type=pa.binary(width)).cast(pa.string())


def _pick(rng: np.random.Generator, n: int, options: list[str], p: list[float] | None = None) -> pa.Array:
    idx = rng.choice(len(options), size=n, p=None if p is None else np.asarray(p) / np.sum(p))
    return pa.array(options).take(pa.array(idx))


def _join(*parts: pa.Array | str) -> pa.Array:
    return pc.binary_join_element_wise(*parts, "")


def _slug(text: pa.Array, fallback: pa.Array) -> pa.Array:
    # shop file names are slugs of the product title; non-Latin titles fall back to an id
    s = pc.replace_substring_regex(pc.utf8_lower(text), r"[^a-z0-9]+", "-")
    s = pc.utf8_slice_codeunits(pc.utf8_trim(s, "-"), 0, 48)
    s = pc.utf8_trim(s, "-")
    return pc.if_else(pc.less(pc.utf8_length(s), 4), fallback, s)


_TAIL_DIRS = (
    [f"wp-content/uploads/{y}/{m:02d}" for y in range(2012, 2022) for m in range(1, 13)]
    + [f"media/catalog/product/{a}/{b}" for a in "abcdefghk" for b in "lmnoprst"]
    + [f"upload/iblock/{i:03x}" for i in range(0, 4096, 97)]
    + ["images/products", "images/stories", "uploads/photos", "img", "images", "assets/img", "files/images",
       "photos", "gallery", "content/images", "cache/thumbs", "static/media", "pics", "upload"]
)
_EXTS = ([".jpg"] * 12) + [".jpeg", ".jpeg", ".png", ".png", ".png", ".webp", ".gif"]


def urls(rng: np.random.Generator, site: np.ndarray, host: pa.Array, text: pa.Array) -> pa.Array:
    """URL per row: https://<host><path>, with each site's own path scheme."""
    n = len(site)
    order = np.argsort(site.astype(np.int16), kind="stable")  # radix sort on small ints
    counts = np.bincount(site, minlength=4)
    pieces: list[pa.Array] = []
    start = 0
    for code in range(4):
        m = int(counts[code])
        rows = pa.array(order[start:start + m])
        start += m
        if m == 0:
            continue
        h = host.take(rows)
        if code == PINTEREST:
            x = rand_chars(rng, m, 32)
            size = _pick(rng, m, ["236x", "474x", "564x", "736x", "originals"], [0.35, 0.15, 0.15, 0.25, 0.10])
            path = _join("/", size, "/", pc.utf8_slice_codeunits(x, 0, 2), "/", pc.utf8_slice_codeunits(x, 2, 4),
                         "/", pc.utf8_slice_codeunits(x, 4, 6), "/", x, ".jpg")
        elif code == SHOPIFY:
            slug = _slug(text.take(rows), _join("product-", rand_chars(rng, m, 8)))
            path = _join("/s/files/1/", rand_chars(rng, m, 4, True), "/", rand_chars(rng, m, 4, True),
                         "/products/", slug, "_", _pick(rng, m, ["1024x1024", "large", "grande", "800x", "2048x"]),
                         ".jpg?v=", rand_chars(rng, m, 10, True))
        elif code == SLIDEPLAYER:
            k = pc.cast(pa.array(rng.integers(1, 40, size=m)), pa.string())
            path = _join("/", rand_chars(rng, m, 2, True), "/", rand_chars(rng, m, 7, True), "/slides/slide_", k,
                         ".jpg")
        else:
            name = pc.choose(pa.array(rng.integers(0, 3, size=m), pa.int8()), rand_chars(rng, m, 16),
                             _join("img_", rand_chars(rng, m, 6, True)), _join("dsc", rand_chars(rng, m, 5, True)))
            path = _join("/", _pick(rng, m, _TAIL_DIRS), "/", name, _pick(rng, m, _EXTS))
        pieces.append(_join("https://", h, path))
    joined = pa.concat_arrays(pieces)
    inverse = np.empty(n, dtype=np.int64)
    inverse[order] = np.arange(n)
    return joined.take(pa.array(inverse))


# (width, height, weight) of common sizes per kind; a share of rows gets free-form sizes instead
_SLIDE_SIZES = ((728, 546, 45), (960, 720, 25), (1024, 768, 15), (720, 540, 10), (1280, 720, 5))
_PRODUCT_SIZES = ((1000, 1000, 25), (1024, 1024, 20), (800, 800, 15), (600, 600, 10), (2048, 2048, 8),
                  (1200, 1200, 7), (500, 500, 5), (1200, 1500, 5), (1000, 1333, 5))
_WEB_SIZES = ((500, 500, 8), (1024, 768, 8), (800, 600, 8), (640, 480, 7), (1280, 720, 6), (1920, 1080, 5),
              (300, 200, 4), (450, 300, 5), (600, 400, 6), (1200, 800, 6), (400, 400, 4), (250, 250, 3),
              (768, 1024, 3), (1000, 667, 5), (2048, 1365, 3), (1200, 630, 4), (150, 150, 2))


def _table_sizes(rng: np.random.Generator, m: int, table: tuple[tuple[int, int, int], ...]) -> np.ndarray:
    w = np.array([t[2] for t in table], dtype=np.float64)
    idx = rng.choice(len(table), size=m, p=w / w.sum())
    return np.array([(t[0], t[1]) for t in table])[idx]


def sizes(rng: np.random.Generator, kind: np.ndarray, site: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """WIDTH and HEIGHT per row: pins 236 wide and tall, square product shots, 4:3 slides, web sizes."""
    n = len(kind)
    wh = np.zeros((n, 2), dtype=np.int64)
    pin = site == PINTEREST
    slide = (site == SLIDEPLAYER) | ((kind == SLIDE) & (site == TAIL))
    product = (site == SHOPIFY) | ((kind == PRODUCT) & (site == TAIL))
    web = ~(pin | slide | product)
    m = int(pin.sum())
    width = rng.choice([236, 474, 564, 736, 0], size=m, p=[0.35, 0.15, 0.15, 0.25, 0.10])
    width = np.where(width == 0, rng.integers(600, 1600, size=m), width)
    ratio = rng.choice([1.5, 1.0, 1.25, 4 / 3, 2.0, 0.75, 1.78], size=m, p=[0.4, 0.1, 0.15, 0.1, 0.1, 0.05, 0.1])
    ratio = np.where(rng.random(m) < 0.15, rng.uniform(0.6, 2.8, size=m), ratio)
    wh[pin] = np.stack([width, np.round(width * ratio)], axis=1)
    wh[slide] = _table_sizes(rng, int(slide.sum()), _SLIDE_SIZES)
    wh[product] = _table_sizes(rng, int(product.sum()), _PRODUCT_SIZES)
    m = int(web.sum())
    fixed = _table_sizes(rng, m, _WEB_SIZES)
    free_w = rng.integers(200, 2400, size=m)
    free_h = np.round(free_w * np.exp(rng.normal(-0.25, 0.3, size=m)))
    free = rng.random(m) < 0.35
    wh[web] = np.where(free[:, None], np.stack([free_w, free_h], axis=1), fixed)
    return wh[:, 0], np.maximum(wh[:, 1], 32)
