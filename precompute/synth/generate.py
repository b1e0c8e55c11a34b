"""A calibrated synthetic replica of LAION-5B's metadata, written as parquet shards.

One synthetic row stands for `scale` real pairs. Folders, file names, columns and types are
LAION's own (laion2B-en/, laion2B-multi/, laion1B-nolang/; URL, TEXT, WIDTH, HEIGHT, similarity,
punsafe, pwatermark, LANGUAGE, AESTHETIC_SCORE), so the build runs on it exactly as on real shards.
Counts are exact by construction (see synth.dists), so even coarse scales reproduce the published
figures; the targets and shapes live in synth.targets, captions in synth.captions, hosts in
synth.hosts and synth.names, and the caption and host-name tables in synth/data/ (synth.tables).
"""

from __future__ import annotations

import hashlib
import sys
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

from precompute import __version__
from precompute.synth import captions as cap
from precompute.synth import targets as T
from precompute.synth.columns import (
    KIND_NAMES,
    PIN,
    PINTEREST,
    PRODUCT,
    SHOPIFY,
    SLIDE,
    SLIDEPLAYER,
    TAIL,
    TEXTIMG,
    WEB,
    sizes,
    urls,
)
from precompute.synth.dists import allocate, assign_by_rank, stratified, weighted_pick
from precompute.synth.hosts import Hosts

GENERATOR = f"precompute.synth {__version__}"
SHARD_ROWS = 500_000
MIN_SHARDS = 2
WRITERS = 2  # shards built and written at once (this is a 2-core machine)
ROW_GROUP_SIZE = 131_072  # DuckDB parallelises over row groups: 1.6x faster than 1M-row groups on 2 cores

# How similarity leans by site and language (added to uniform noise before ranking, so the
# marginals stay exact): slide text is literally in the image; pins and product shots less so.
SITE_SIM_BIAS = np.array([0.0, -0.08, -0.10, 0.25])  # by site code: tail, Pinterest, Shopify, SlidePlayer
LANG_SIM_BIAS = {"ja": -0.10, "zh": -0.06, "ko": -0.06, "th": -0.05, "ar": -0.05, "ru": 0.05, "de": 0.03,
                 "lb": -0.08}
# Aesthetic score leans: pins are picked for looks, slides and text are not.
KIND_AES_BIAS = np.array([0.05, -0.25, 0.15, 0.0, -0.2])
# Caption kinds of long-tail rows: mostly web images, also shop and pin-like pages.
TAIL_KIND_MIX = ((WEB, 0.65), (PRODUCT, 0.25), (PIN, 0.10))
# Text-in-image rows (similarity >= 0.46) come from slides, pins (quotes) and the tail (posters, logos).
TEXTIMG_SITES = (SLIDEPLAYER, PINTEREST, TAIL)
TEXTIMG_SITE_MIX = (0.5, 0.15, 0.35)
POOL_CAP = {"en": 25000, cap.NOLANG: 20000, "lb": 3000}
POOL_CAP_BIG, POOL_CAP_SMALL = 6000, 1200
NOLANG_NAN_SHARE, NOLANG_NULL_SHARE = 0.002, 0.0001  # WIDTH/HEIGHT gaps in the float64 copy


def _log(progress: bool, msg: str) -> None:
    if progress:
        print(msg, file=sys.stderr, flush=True)


@dataclass(frozen=True)
class SubsetPlan:
    """Exact row counts of one subset."""

    rows: int
    sites: np.ndarray  # rows per site code (0 = long tail)
    top: int  # rows with similarity above 0.5
    high: int  # rows with similarity in [0.46, 0.5]


@dataclass
class _Rows:
    """Every per-row value of one subset (strings are built per shard from these indices)."""

    codes: list[str]  # language codes; `lang` indexes them
    lang: np.ndarray
    site: np.ndarray
    host: np.ndarray  # index into `hosts`
    hosts: pa.Array  # this subset's host table (named sites first, then its tail hosts)
    caption: np.ndarray
    sim: np.ndarray
    width: np.ndarray
    height: np.ndarray
    punsafe: pa.Array
    pwatermark: pa.Array
    aesthetic: np.ndarray | None = None


def plan(scale: int) -> dict[str, SubsetPlan]:
    """Exact row counts per subset: total, per named site, and the similarity tail (high, top)."""
    rows = {s: round(T.SUBSET_PAIRS[s] / scale) for s in T.SUBSETS}
    sites = {s: np.zeros(4, dtype=np.int64) for s in T.SUBSETS}
    for code, name in enumerate(T.SITES[1:], start=1):
        split = allocate(round(T.SITE_PAIRS[name] / scale), T.SITE_SPLIT[name])
        for s, k in zip(T.SUBSETS, split, strict=True):
            sites[s][code] = k
    w = T.sim_tail_weights()
    top = allocate(max(1, round(T.SIM_TOP / scale)), w)
    high = allocate(round(T.SIM_HIGH / scale), w)
    return {s: SubsetPlan(rows=rows[s], sites=sites[s], top=int(top[i]), high=int(high[i]))
            for i, s in enumerate(T.SUBSETS)}


def _languages(subset: str, n: int, rng: np.random.Generator) -> tuple[list[str], np.ndarray]:
    """Language codes and a per-row index into them, exact counts per label, in random order."""
    if subset == "laion2B-en":
        return ["en"], np.zeros(n, dtype=np.int16)
    if subset == "laion1B-nolang":
        return [cap.NOLANG], np.zeros(n, dtype=np.int16)
    pairs = T.language_pairs()
    codes = sorted(pairs, key=lambda c: -pairs[c])
    counts = allocate(n, [pairs[c] for c in codes])
    return codes, rng.permutation(np.repeat(np.arange(len(codes), dtype=np.int16), counts))


def _sites(subset: str, counts: np.ndarray, codes: list[str], lang: np.ndarray,
           rng: np.random.Generator) -> np.ndarray:
    """Site code per row with exactly `counts[site]` rows; in multi, sites lean by language."""
    n = len(lang)
    site = np.zeros(n, dtype=np.int8)
    if subset != "laion2B-multi":
        perm = rng.permutation(n)
        edges = np.cumsum(counts[1:])
        for code, (a, b) in enumerate(zip(np.r_[0, edges[:-1]], edges, strict=True), start=1):
            site[perm[a:b]] = code
        return site
    # pins lean to Western European languages, shops to German/Dutch/Nordic, SlidePlayer to its local sites
    lean = {
        PINTEREST: {"fr": 1.6, "de": 1.4, "es": 1.5, "pt": 1.6, "it": 1.4, "nl": 1.4, "no": 1.2, "ru": 0.8, "ja": 0.7,
            "zh": 0.3, "lb": 1.0},
        SHOPIFY: {"de": 1.6, "fr": 1.5, "nl": 1.6, "no": 1.5, "sv": 1.5, "da": 1.5, "fi": 1.3, "es": 1.2, "it": 1.2,
            "ja": 1.2, "ru": 0.3, "zh": 0.3, "lb": 2.0},
        SLIDEPLAYER: {"ru": 3.0, "fr": 2.2, "es": 2.5, "pt": 2.5, "de": 1.5, "it": 1.2, "pl": 1.5, "uk": 1.5, "zh": 0.1,
            "ja": 0.1, "lb": 0.2},
    }
    default = {PINTEREST: 0.8, SHOPIFY: 0.6, SLIDEPLAYER: 0.3}
    free = np.ones(n, dtype=bool)
    for code in (SLIDEPLAYER, SHOPIFY, PINTEREST):
        w_lang = np.array([lean[code].get(c, default[code]) for c in codes])
        idx = np.flatnonzero(free)
        chosen = idx[weighted_pick(rng, w_lang[lang[idx]], int(counts[code]))]
        site[chosen] = code
        free[chosen] = False
    return site


def _kinds(site: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    kind = np.full(len(site), WEB, dtype=np.int8)
    kind[site == PINTEREST], kind[site == SHOPIFY], kind[site == SLIDEPLAYER] = PIN, PRODUCT, SLIDE
    tail = np.flatnonzero(site == TAIL)
    mix = np.array([k for k, _ in TAIL_KIND_MIX])
    kind[tail] = mix[rng.choice(len(mix), size=len(tail), p=[p for _, p in TAIL_KIND_MIX])]
    return kind


def _similarity(subset: str, p: SubsetPlan, codes: list[str], lang: np.ndarray, site: np.ndarray,
                kind: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """Exact marginal per subset; the >= 0.46 values go to text-in-image rows, the rest by a biased rank."""
    n, n_top, n_high = len(lang), p.top, p.high
    n_body = n - n_top - n_high
    body = stratified(n_body, T.sim_body_ppf(subset), rng)
    high = stratified(n_high, T.sim_tail_ppf(T.SIM_HIGH_FROM, T.SIM_TOP_FROM), rng)
    top = stratified(n_top, T.sim_tail_ppf(T.SIM_TOP_FROM, T.SIM_MAX), rng)
    top = np.maximum(top, np.nextafter(T.SIM_TOP_FROM, 1.0))  # strictly above 0.5
    # pick the text-in-image rows among languages that have such captions
    eligible = np.array([cap.has_textimg(c) for c in codes])[lang]
    chosen: list[np.ndarray] = []
    taken = np.zeros(n, dtype=bool)
    for code, k in zip(TEXTIMG_SITES, allocate(n_top + n_high, TEXTIMG_SITE_MIX), strict=True):
        cand = np.flatnonzero(eligible & (site == code) & ~taken)
        if len(cand) < k:  # tiny scales: fall back to any eligible row
            cand = np.flatnonzero(eligible & ~taken)
        pick = rng.choice(cand, size=k, replace=False)
        taken[pick] = True
        chosen.append(pick)
    ti = rng.permutation(np.concatenate(chosen))
    kind[ti] = TEXTIMG
    sim = np.empty(n)
    sim[ti] = np.concatenate([high, top])
    rest = np.flatnonzero(~taken)
    lang_bias = np.array([LANG_SIM_BIAS.get(c, 0.0) for c in codes])
    key = rng.random(len(rest)) + SITE_SIM_BIAS[site[rest]] + lang_bias[lang[rest]]
    sim[rest] = assign_by_rank(body, key)
    return sim


def _scores(n: int, ppf: T.Ppf, rng: np.random.Generator) -> pa.Array:
    """A float32 score column with ~0.05% nulls; the share above a cut holds among the non-null rows."""
    nulls = round(n * T.SCORE_NULL_SHARE)
    values = rng.permutation(stratified(n - nulls, ppf, rng)).astype(np.float32)
    mask = np.zeros(n, dtype=bool)
    mask[rng.choice(n, size=nulls, replace=False)] = True
    out = np.zeros(n, dtype=np.float32)
    out[~mask] = values
    return pa.array(out, mask=mask)


class _Pools:
    """Caption pools per (kind, language), concatenated into one string table as they are built."""

    def __init__(self, seed: int) -> None:
        self.seed = seed
        self.texts: list[str] = []
        self.groups: dict[tuple[str, str], tuple[int, np.ndarray]] = {}

    def get(self, kind: str, lang: str, rows: int) -> tuple[int, np.ndarray]:
        """(offset of the pool in the table, cumulative weights of its captions)."""
        if lang not in ("en", cap.NOLANG, "lb") and lang not in cap.BIG:
            kind = "web"  # small languages: one pool of everyday phrases
        key = (kind, lang)
        if key not in self.groups:
            limit = POOL_CAP.get(lang, POOL_CAP_BIG if lang in cap.BIG else POOL_CAP_SMALL)
            texts, counts = cap.build_pool(kind, lang, max(1, min(limit, rows)), self.seed)
            cum = np.cumsum(counts.astype(np.float64))
            self.groups[key] = (len(self.texts), cum / cum[-1])
            self.texts += texts
        return self.groups[key]


def _captions(pools: _Pools, codes: list[str], lang: np.ndarray, kind: np.ndarray,
              rng: np.random.Generator) -> np.ndarray:
    """Index into the pool table per row, drawn by each caption's weight in its pool."""
    n = len(lang)
    group = lang.astype(np.int16) * len(KIND_NAMES) + kind  # int16: numpy radix-sorts it
    order = np.argsort(group, kind="stable")
    uniq, counts = np.unique(group[order], return_counts=True)
    out = np.empty(n, dtype=np.int64)
    start = 0
    for g, c in zip(uniq, counts, strict=True):
        rows = order[start:start + c]
        start += c
        off, cum = pools.get(KIND_NAMES[g % len(KIND_NAMES)], codes[g // len(KIND_NAMES)], int(c))
        out[rows] = off + np.minimum(np.searchsorted(cum, rng.random(c), side="right"), len(cum) - 1)
    return out


def _subset_rows(subset: str, p: SubsetPlan, hosts: Hosts, pools: _Pools, rng: np.random.Generator) -> _Rows:
    """Every per-row value of one subset, as numpy arrays (strings are built per shard)."""
    n = p.rows
    codes, lang = _languages(subset, n, rng)
    site = _sites(subset, p.sites, codes, lang, rng)
    kind = _kinds(site, rng)
    sim = _similarity(subset, p, codes, lang, site, kind, rng)
    host = np.empty(n, dtype=np.int64)
    region = np.full(n, -1, dtype=np.int16)  # tail rows get a region here, their host below
    group = lang.astype(np.int16) * 4 + site
    order = np.argsort(group, kind="stable")
    uniq, counts = np.unique(group[order], return_counts=True)
    start = 0
    for g, c in zip(uniq, counts, strict=True):
        idx = order[start:start + c]
        start += c
        code, lg = int(g % 4), codes[g // 4]
        if code:
            host[idx] = hosts.named(rng, code, lg, int(c))
        else:
            region[idx] = hosts.tail_regions(rng, subset, lg, int(c))
    host_table = hosts.assign(rng, region, host)
    del region
    width, height = sizes(rng, kind, site)
    rows = _Rows(
        codes=codes, lang=lang, site=site, host=host, hosts=host_table,
        caption=_captions(pools, codes, lang, kind, rng), sim=sim, width=width, height=height,
        punsafe=_scores(n, T.logit_normal_ppf(T.UNSAFE_MEDIAN, T.UNSAFE_CUT, T.UNSAFE_SHARE[subset]), rng),
        pwatermark=_scores(n, T.logit_normal_ppf(T.WATERMARK_MEDIAN, T.WATERMARK_CUT, T.WATERMARK_SHARE[subset]),
                           rng),
    )
    if subset == "laion2B-en":
        aes = stratified(n, T.aesthetic_ppf(), rng)
        rows.aesthetic = assign_by_rank(aes, rng.random(n) + KIND_AES_BIAS[kind]).astype(np.float32)
    return rows


def _schema(subset: str, seed: int, scale: int) -> pa.Schema:
    size_type = pa.float64() if subset == "laion1B-nolang" else pa.int32()
    fields = [pa.field("URL", pa.string()), pa.field("TEXT", pa.string()), pa.field("WIDTH", size_type),
              pa.field("HEIGHT", size_type), pa.field("similarity", pa.float64())]
    if subset == "laion2B-multi":
        fields.append(pa.field("LANGUAGE", pa.string()))
    fields += [pa.field("punsafe", pa.float32()), pa.field("pwatermark", pa.float32())]
    if subset == "laion2B-en":
        fields.append(pa.field("AESTHETIC_SCORE", pa.float32()))
    return pa.schema(fields).with_metadata({
        "explainer.synthetic": "true", "explainer.seed": str(seed), "explainer.scale": str(scale),
        "explainer.generator": GENERATOR,
    })


def _size_columns(subset: str, width: np.ndarray, height: np.ndarray,
                  rng: np.random.Generator) -> tuple[pa.Array, pa.Array]:
    if subset != "laion1B-nolang":
        return pa.array(width, pa.int32()), pa.array(height, pa.int32())
    # this subset's copy has float sizes with some NaN and a few nulls, as some real copies do
    n = len(width)
    w, h = width.astype(np.float64), height.astype(np.float64)
    gaps = rng.permutation(n)
    nan_rows, null_rows = gaps[:round(n * NOLANG_NAN_SHARE)], gaps[-max(1, round(n * NOLANG_NULL_SHARE)):]
    w[nan_rows] = h[nan_rows] = np.nan
    mask = np.zeros(n, dtype=bool)
    mask[null_rows] = True
    return pa.array(w, mask=mask), pa.array(h, mask=mask)


def _write_shard(path: Path, subset: str, rows: _Rows, a: int, b: int, text_table: pa.Array,
                 schema: pa.Schema, rng: np.random.Generator) -> None:
    text = text_table.take(pa.array(rows.caption[a:b]))
    cols: dict[str, pa.Array] = {
        "URL": urls(rng, rows.site[a:b], rows.hosts.take(pa.array(rows.host[a:b])), text),
        "TEXT": text,
    }
    cols["WIDTH"], cols["HEIGHT"] = _size_columns(subset, rows.width[a:b], rows.height[a:b], rng)
    cols["similarity"] = pa.array(rows.sim[a:b], pa.float64())
    if subset == "laion2B-multi":
        cols["LANGUAGE"] = pa.array(rows.codes, pa.string()).take(pa.array(rows.lang[a:b]))
    cols["punsafe"] = rows.punsafe.slice(a, b - a)
    cols["pwatermark"] = rows.pwatermark.slice(a, b - a)
    if rows.aesthetic is not None:
        cols["AESTHETIC_SCORE"] = pa.array(rows.aesthetic[a:b], pa.float32())
    table = pa.Table.from_arrays([cols[f.name] for f in schema], schema=schema)
    tmp = path.with_name(f".{path.name}.tmp")  # a crash never leaves a half-written shard under the real name
    pq.write_table(table, tmp, compression="snappy", row_group_size=ROW_GROUP_SIZE,
                   use_dictionary=[c for c in ("TEXT", "LANGUAGE") if c in cols])
    tmp.replace(path)


def generate(out: Path, scale: int = 1000, seed: int = 0, progress: bool = False) -> dict[str, Any]:
    """Write the synthetic replica under `out`; return rows (total and per subset), files and seconds.

    The same seed and scale give byte-identical files. Shards of an earlier run in the same folders
    are removed once the new ones are written, so a glob over `out` never mixes two replicas.
    """
    if scale < 1:
        raise ValueError("scale must be at least 1")
    t0 = time.perf_counter()
    out = Path(out)
    counts = plan(scale)
    hosts = Hosts(seed)
    pools = _Pools(seed)
    files: list[str] = []
    per_subset: dict[str, int] = {}
    for si, subset in enumerate(T.SUBSETS):
        rng = np.random.default_rng([seed, si])
        rows = _subset_rows(subset, counts[subset], hosts, pools, rng)
        text_table = pa.array(pools.texts, pa.string())
        n = counts[subset].rows
        per_subset[subset] = n
        _log(progress, f"synth: {subset}: {n} rows planned ({time.perf_counter() - t0:.1f}s)")
        folder = out / subset
        folder.mkdir(parents=True, exist_ok=True)
        job = uuid.UUID(bytes=hashlib.sha256(f"{seed}:{scale}:{subset}".encode()).digest()[:16], version=4)
        k = max(MIN_SHARDS, -(-n // SHARD_ROWS))
        edges = np.linspace(0, n, k + 1).round().astype(np.int64)
        schema = _schema(subset, seed, scale)
        written = [folder / f"part-{i:05d}-{job}-c000.snappy.parquet" for i in range(k)]
        # two shards at a time: pyarrow releases the GIL while it joins strings and writes
        with ThreadPoolExecutor(max_workers=WRITERS) as ex:
            futures = [ex.submit(_write_shard, path, subset, rows, int(edges[i]), int(edges[i + 1]),
                                 text_table, schema, np.random.default_rng([seed, si, 1000 + i]))
                       for i, path in enumerate(written)]
            for path, fut in zip(written, futures, strict=True):
                fut.result()
                _log(progress, f"synth: wrote {path} ({time.perf_counter() - t0:.1f}s)")
        for old in folder.glob("part-*.parquet"):
            if old not in written:
                old.unlink()
        files += [str(p) for p in written]
    return {"rows": sum(per_subset.values()), "subsets": per_subset, "files": files,
            "seconds": round(time.perf_counter() - t0, 2), "scale": scale, "seed": seed, "synthetic": True,
            "generator": GENERATOR}
