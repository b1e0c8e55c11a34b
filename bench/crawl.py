"""Benchmark data shaped like real crawl metadata: LAION-schema parquet shards with a crawl's host tail.

    python bench/crawl.py web|rehearsal [--force] [--recount]    # generated once into bench/cache/crawl-<preset>/

Layout and columns are LAION-5B's: `laion2B-en/`, `laion2B-multi/`, `laion1B-nolang/`, files
`part-000NN-<uuid>-c000.snappy.parquet`; URL, TEXT (string), WIDTH, HEIGHT (int32; float64 in
laion1B-nolang), similarity (float64), punsafe, pwatermark (float32, 0.05% null each), LANGUAGE (CLD3
codes, laion2B-multi only), AESTHETIC_SCORE (float32, laion2B-en only); rows split like LAION-5B
(2.32B / 2.27B / 1.26B). similarity: laion2B-en 0.28 + Gamma(2.2, 0.018) (0.5% drawn below 0.28),
multi and nolang 0.26 + Gamma(2.0, 0.02). Captions are cheap word salads; the URLs are the point.

Hosts. Named sites at their real shares of rows: i.pinimg.com 2.65%, cdn.shopify.com 2.4%,
images.slideplayer.* 1.2% (.com in laion2B-en, national sites mostly in laion2B-multi). The other
93.75% of rows draw a registered-domain rank r >= 1 from an unbounded Zipf-Mandelbrot law
P(r) ~ (r + q)^-s by inverse CDF of its continuous form, r = floor((1+q)(1-u)^(1/(1-s)) - q), capped
at 1e15. Nothing is materialised: only the ranks drawn get names, derived from r alone,
`<word><word><r // 4096>-bench` (a bijection of r; the `-bench` marks every invented domain) on a
real public suffix picked by a hash of r (.com, .de, .co.uk, .com.au, .com.br, .co.jp, .fr, ...),
with 1 to 4 subdomains per domain (the first most often): `img.maisonsoleil12-bench.co.uk`. The
marker ends the label so that prefixes spread over the alphabet as real names do.
  - web:        20M rows,  s = 1.43, q = 80    (Heaps' beta -> 1/s = 0.70)
  - rehearsal: 100M rows,  s = 1.20, q = 5000  (a stress case: a much heavier tail)
Messy real cases, as measured in the web set's rows: http:// 0.50%, `//host/x` 0.05%, `host/x`
0.05%, www. 0.50%, upper-case host 0.30%, port 0.05%, trailing dot 0.03%, userinfo 0.02%, IPv4 hosts
0.10% (198.18.0.0/15, the benchmarking range, Zipf-drawn), IDN domains (0.2% of the domains below
rank 1000, 0.06% of rows): half their rows raw Unicode, half punycode `xn--...`.

Distinct counts, measured on the generated files (hosts lower-cased, without userinfo, port or
trailing dot, IDN as punycode; random samples, the 10k figure the mean of 5); the build's manifest
reported exactly the same full counts for both sets:
  web        10k rows: 4,453 hosts (44.5%; a real LAION-400M 10k sample: 4,479), 3,645 domains;
             100k: 23,578; 1M: 117,891; 10M: 588,655; 20M: 957,674 hosts, 760,178 domains.
             Heaps fit over 100k..20M: D = 7.55 n^0.699 (hosts), 6.10 n^0.698 (domains).
  rehearsal  10k: 9,194 hosts (91.9%); 100k: 83,135; 1M: 623,895; 10M: 4,321,741; 100M: 29,374,038
             hosts, 25,956,356 domains. Fit: D = 4.89 n^0.849 (hosts), 5.03 n^0.840 (domains).
Generation (2 processes on this shared 2-core machine, counting apart): web 58 s, 21 files, 1.65 GB;
rehearsal 388 s, 41 files, 8.56 GB.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import shutil
import sys
import time
import uuid
from concurrent.futures import ProcessPoolExecutor
from dataclasses import asdict, dataclass
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import crawl_vocab as vocab  # noqa: E402
from bench.crawl_stats import distinct_counts, heaps_fit  # noqa: E402

CACHE = ROOT / "bench" / "cache"
VERSION = 2  # bump when the shape changes: cached sets with another fingerprint are regenerated


@dataclass(frozen=True)
class Preset:
    rows: int
    s: float  # Zipf-Mandelbrot exponent of the registered-domain ranks
    q: float  # its offset: flattens the head
    shard_rows: int
    seed: int


PRESETS = {
    "web": Preset(rows=20_000_000, s=1.43, q=80.0, shard_rows=1_000_000, seed=5),
    "rehearsal": Preset(rows=100_000_000, s=1.20, q=5000.0, shard_rows=2_500_000, seed=7),
}

def mix(x: np.ndarray) -> np.ndarray:
    """splitmix64 finaliser: a hash of uint64 values, vectorised."""
    with np.errstate(over="ignore"):
        z = x.astype(np.uint64) + np.uint64(0x9E3779B97F4A7C15)
        z = (z ^ (z >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
        z = (z ^ (z >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
        return z ^ (z >> np.uint64(31))


def zipf_mandelbrot(u: np.ndarray, s: float, q: float, cap: float = 1e15) -> np.ndarray:
    """Ranks >= 1 by inverse CDF of the continuous law (r + q)^-s on [1, inf)."""
    return np.minimum((1 + q) * np.power(1 - u, 1 / (1 - s)) - q, cap).astype(np.uint64)


def cat(*parts: pa.Array | str) -> pa.Array:
    return pc.binary_join_element_wise(*parts, "")


def digits(x: np.ndarray, width: int = 0) -> pa.Array:
    s = pc.cast(pa.array(x), pa.string())
    return pc.utf8_lpad(s, width, "0") if width else s


def pick(words: list[str] | tuple[str, ...], idx: np.ndarray) -> pa.Array:
    return pa.array(words).take(pa.array(idx % len(words)))


def weighted(table: dict[str, float], u: np.ndarray) -> pa.Array:
    keys, w = list(table), np.array(list(table.values()), dtype=float)
    return pick(keys, np.searchsorted(np.cumsum(w) / w.sum(), u, side="right"))


def hexes(rng: np.random.Generator, n: int, chars: int) -> pa.Array:
    table = np.frombuffer(b"0123456789abcdef", dtype=np.uint8)
    data = table[rng.integers(0, 16, size=n * chars, dtype=np.uint8)]
    offsets = np.arange(0, n * chars + 1, chars, dtype=np.int32)
    return pa.StringArray.from_buffers(n, pa.py_buffer(offsets), pa.py_buffer(data))


def by_class(cls: np.ndarray, builders: list) -> pa.Array:
    """Row i gets builders[cls[i]]'s output: each builder makes only the rows of its class."""
    order = np.argsort(cls, kind="stable")
    counts = np.bincount(cls, minlength=len(builders))
    parts = [b(int(c)) for b, c in zip(builders, counts, strict=True) if c]
    inv = np.empty_like(order)
    inv[order] = np.arange(len(cls))
    return pa.concat_arrays([p.cast(pa.string()) for p in parts]).take(pa.array(inv))


def domain_names(ranks: np.ndarray) -> tuple[pa.Array, np.ndarray]:
    """Registered domain of each (distinct) rank, and whether it is an IDN domain."""
    h = mix(ranks)
    idx = (ranks % np.uint64(4096) * np.uint64(1237) + np.uint64(91)) % np.uint64(4096)  # a bijection
    num = ranks // np.uint64(4096)
    number = pc.if_else(pa.array(num == 0), "", digits(num))
    label = cat(pick(vocab.W1, idx // np.uint64(64)), pick(vocab.W2, idx % np.uint64(64)), number, "-bench")
    suffix = weighted(vocab.SUFFIXES, (h >> np.uint64(11)).astype(np.float64) / 2.0**53)
    idn = ((h % np.uint64(1000)) < 2) & (ranks > 1000)  # not among the biggest domains
    if idn.any():
        k = np.flatnonzero(idn)
        ilabel = cat(pick(vocab.IDN_WORDS, h[k] >> np.uint64(20)), digits(ranks[k]), "-bench")
        label = pc.replace_with_mask(label, pa.array(idn), ilabel)
        suffix = pc.replace_with_mask(suffix, pa.array(idn), pick(vocab.IDN_SUFFIXES, h[k] >> np.uint64(40)))
    return cat(label, ".", suffix), idn


def tail_hosts(rng: np.random.Generator, n: int, p: Preset) -> pa.Array:
    ranks = zipf_mandelbrot(rng.random(n), p.s, p.q)
    distinct, inv = np.unique(ranks, return_inverse=True)
    names, idn = domain_names(distinct)
    domain = names.take(pa.array(inv))
    h = mix(ranks ^ np.uint64(0x5BD1E995))
    m = (h % np.uint64(4)).astype(np.int64) + 1  # subdomains of this domain
    j = np.floor(m * rng.random(n) ** 2).astype(np.uint64)  # the first most often
    label = pick(vocab.SUBDOMAINS, mix(ranks * np.uint64(8) + j))
    www = rng.random(n) < 0.005 / 0.9375
    label = pc.if_else(pa.array(www), "www", label)
    host = pc.if_else(pc.equal(label, ""), domain, cat(label, ".", domain))
    row_idn = idn[inv]
    if row_idn.any():  # half the rows of IDN domains spell the host in punycode
        puny = row_idn & (rng.random(n) < 0.5)
        k = np.flatnonzero(puny)
        spelled = {s: s.encode("idna").decode() for s in set(host.take(pa.array(k)).to_pylist())}
        host = pc.replace_with_mask(host, pa.array(puny), pa.array([spelled[s] for s in host.take(pa.array(k))
                                                                     .to_pylist()], pa.string()))
    ip = rng.random(n) < 0.001 / 0.9375
    if ip.any():
        c = int(ip.sum())
        a = (mix(zipf_mandelbrot(rng.random(c), 1.3, 10.0)) % np.uint64(1 << 17)).astype(np.int64)
        addr = cat("198.", digits(18 + (a >> 16)), ".", digits((a >> 8) & 255), ".", digits(a & 255))
        host = pc.replace_with_mask(host, pa.array(ip), addr)
    return host


def slug(rng: np.random.Generator, n: int, lo: int = 2, hi: int = 6) -> pa.Array:
    k = rng.integers(lo, hi + 1, size=n)
    words = [pc.if_else(pa.array(k > i), pick(vocab.EN, rng.integers(0, len(vocab.EN), n)), pa.nulls(n, pa.string()))
             for i in range(hi)]
    return pc.binary_join_element_wise(*words, "-", null_handling="skip")


def ext(rng: np.random.Generator, n: int) -> pa.Array:
    return weighted({".jpg": 80, ".png": 10, ".jpeg": 5, ".webp": 3, ".gif": 2}, rng.random(n))


def tail_paths(rng: np.random.Generator, n: int) -> pa.Array:
    year, month = rng.integers(2009, 2022, n), rng.integers(1, 13, n)
    size = pick(["150x150", "300x200", "768x512", "1024x683", "600x400", "scaled"], rng.integers(0, 6, n))
    cls = np.searchsorted(np.cumsum([0.28, 0.10, 0.17, 0.20, 0.12, 0.13]), rng.random(n), side="right")
    return by_class(np.minimum(cls, 5), [
        lambda c: cat("/wp-content/uploads/", digits(year[:c]), "/", digits(month[:c], 2), "/", slug(rng, c), "-",
                      size[:c], ".jpg"),
        lambda c: cat("/media/catalog/product/", pc.utf8_slice_codeunits(hx := hexes(rng, c, 2), 0, 1), "/",
                      pc.utf8_slice_codeunits(hx, 1, 2), "/", slug(rng, c, 1, 3), "-", digits(rng.integers(1, 999, c)),
                      ".jpg"),
        lambda c: cat("/images/", hexes(rng, c, 32), ext(rng, c)),
        lambda c: cat(pick(["/uploads/", "/photos/", "/files/", "/upload/iblock/"], rng.integers(0, 4, c)),
                      digits(rng.integers(1, 10**7, c)), "/", slug(rng, c), ext(rng, c)),
        lambda c: cat("/products/", slug(rng, c), ".jpg?v=", digits(rng.integers(1_400_000_000, 1_640_000_000, c))),
        lambda c: cat("/", hexes(rng, c, 2), "/", hexes(rng, c, 2), "/", hexes(rng, c, 16), "_", digits(
            rng.integers(100, 2000, c)), ext(rng, c)),
    ])


def urls(rng: np.random.Generator, n: int, subset: str, p: Preset) -> pa.Array:
    cls = np.searchsorted(np.cumsum([w for _, w in vocab.NAMED]), rng.random(n), side="right")  # 3: the tail
    hosts = by_class(cls, [
        lambda c: pa.array(["i.pinimg.com"] * c), lambda c: pa.array(["cdn.shopify.com"] * c),
        lambda c: cat("images.slideplayer.", weighted(vocab.SLIDEPLAYER[subset], rng.random(c))),
        lambda c: tail_hosts(rng, c, p)])
    paths = by_class(cls, [
        lambda c: cat("/", pick(["236x", "474x", "564x", "736x", "originals"], rng.zipf(2.0, c)), "/",
                      pc.utf8_slice_codeunits(hx := hexes(rng, c, 32), 0, 2), "/", pc.utf8_slice_codeunits(hx, 2, 4),
                      "/", pc.utf8_slice_codeunits(hx, 4, 6), "/", hx, ".jpg"),
        lambda c: cat("/s/files/1/", digits(rng.integers(0, 3000, c), 4), "/", digits(rng.integers(0, 9999, c), 4),
                      "/products/", slug(rng, c, 1, 3), "_", pick(["600x", "1024x1024", "large", "grande"], rng.
                      integers(0, 4, c)), ".jpg?v=", digits(rng.integers(1_400_000_000, 1_640_000_000, c))),
        lambda c: cat("/", digits(rng.integers(1, 90, c)), "/", digits(rng.integers(10**5, 2 * 10**7, c)),
                      "/slides/slide_", digits(rng.zipf(1.5, c) % 90 + 1), ".jpg"),
        lambda c: tail_paths(rng, c)])

    def where(share: float) -> np.ndarray:
        return rng.random(n) < share

    for mask, f in ((where(0.003), pc.utf8_upper), (where(0.0003), lambda h: cat(h, ".")),
                    (where(0.0005), lambda h: cat(h, pick([":8080", ":8000", ":443", ":80"], rng.integers(0, 4,
                                                                                                           len(h))))),
                    (where(0.0002), lambda h: cat(pick(["user@", "admin:secret@"], rng.integers(0, 2, len(h))), h))):
        if mask.any():
            hosts = pc.replace_with_mask(hosts, pa.array(mask), f(hosts.filter(pa.array(mask))))
    scheme = np.searchsorted(np.cumsum([0.005, 0.0005, 0.0005]), rng.random(n), side="right")
    scheme = pick(["http://", "//", "", "https://"], scheme)
    return cat(scheme, hosts, paths)


def captions(rng: np.random.Generator, n: int, subset: str, lang: pa.Array | None) -> pa.Array:
    groups = ["en", *vocab.VOCAB]
    words = [w for g in groups for w in (vocab.EN if g == "en" else vocab.VOCAB[g])]
    sizes = np.array([len(vocab.EN if g == "en" else vocab.VOCAB[g]) for g in groups])
    offs = np.concatenate([[0], np.cumsum(sizes)[:-1]])
    g = np.zeros(n, dtype=np.int64)
    if lang is not None:
        code = np.asarray(pc.index_in(lang, pa.array(groups)).fill_null(0))
        g = np.where(rng.random(n) < 0.85, code, 0)  # some captions are in another language than their label
    k = np.clip(rng.poisson(5.0, n), 1, 12)
    slots = [pc.if_else(pa.array(k > i), pick(words, offs[g] + rng.integers(0, 1 << 30, n) % sizes[g]),
                        pa.nulls(n, pa.string())) for i in range(12)]
    text = pc.binary_join_element_wise(*slots, " ", null_handling="skip")
    text = pc.if_else(pa.array(rng.random(n) < 0.5), pc.utf8_title(text), text)
    if subset == "laion1B-nolang":
        code = cat(pick(["IMG_", "DSC", "SKU ", "P", ""], rng.integers(0, 5, n)), digits(rng.integers(0, 10**5, n), 4))
        text = pc.if_else(pa.array(rng.random(n) < 0.45), code, text)
    return text


def columns(rng: np.random.Generator, n: int, subset: str, p: Preset) -> pa.Table:
    lang = weighted(vocab.LANGS, rng.random(n)) if subset == "laion2B-multi" else None
    common = np.array([236, 300, 400, 474, 500, 564, 600, 640, 736, 800, 1000, 1024, 1200, 1500])
    width = np.where(rng.random(n) < 0.5, common[rng.integers(0, len(common), n)],
                     np.clip(np.exp(rng.normal(6.3, 0.55, n)), 16, 8000)).astype(np.int32)
    aspect = np.where(rng.random(n) < 0.6, np.array([1, 0.75, 4 / 3, 0.5625, 1.5, 2 / 3])[rng.integers(0, 6, n)],
                      np.exp(rng.normal(0, 0.35, n)))
    height = np.maximum(1, np.round(width * aspect)).astype(np.int32)
    if subset == "laion2B-en":
        sim = np.where(rng.random(n) < 0.005, rng.uniform(0.2, 0.28, n), 0.28 + rng.gamma(2.2, 0.018, n))
    else:
        sim = 0.26 + rng.gamma(2.0, 0.02, n)

    def score(a: float, b: float) -> pa.Array:
        return pa.array(rng.beta(a, b, n).astype(np.float32), mask=rng.random(n) < 0.0005)

    size_type = pa.float64() if subset == "laion1B-nolang" else pa.int32()
    cols = {"URL": urls(rng, n, subset, p), "TEXT": captions(rng, n, subset, lang),
            "WIDTH": pa.array(width).cast(size_type), "HEIGHT": pa.array(height).cast(size_type),
            "similarity": pa.array(np.minimum(sim, 1.0)), "punsafe": score(0.4, 6.0), "pwatermark": score(0.6, 3.0)}
    if lang is not None:
        cols["LANGUAGE"] = lang
    if subset == "laion2B-en":
        cols["AESTHETIC_SCORE"] = pa.array(np.clip(rng.normal(4.9, 0.75, n), 1, 9).astype(np.float32))
    return pa.table(cols)


def _shard(job: tuple[str, int, int, str, str]) -> tuple[str, int]:
    name, part, n, path, fingerprint = job
    p = PRESETS[name]
    subset = Path(path).parent.name
    rng = np.random.default_rng([p.seed, [s for s, _ in vocab.SUBSETS].index(subset), part])
    table = columns(rng, n, subset, p)
    table = table.replace_schema_metadata({"explainer.synthetic": "true", "explainer.scale": "1",
                                           "explainer.seed": str(p.seed),
                                           "explainer.generator": f"bench/crawl.py {name} {fingerprint}"})
    tmp = path + ".tmp"
    pq.write_table(table, tmp, compression="snappy", row_group_size=1 << 18)
    os.replace(tmp, path)
    return path, n


def fingerprint(name: str) -> str:
    return hashlib.sha256(json.dumps([VERSION, asdict(PRESETS[name])]).encode()).hexdigest()[:12]


def plan(name: str, out: Path) -> list[tuple[str, int, int, str, str]]:
    p, fp = PRESETS[name], fingerprint(name)
    total = sum(w for _, w in vocab.SUBSETS)
    jobs = []
    for i, (subset, w) in enumerate(vocab.SUBSETS):
        rows = round(p.rows * w / total) if i < len(vocab.SUBSETS) - 1 else p.rows - sum(j[2] for j in jobs)
        files = max(1, -(-rows // p.shard_rows))
        tag = uuid.UUID(int=int(mix(np.array([p.seed * 31 + i]))[0]) << 64 | i)
        for part in range(files):
            n = rows // files + (part < rows % files)
            jobs.append((name, part, n, str(out / subset / f"part-{part:05d}-{tag}-c000.snappy.parquet"), fp))
    return jobs


def ensure(name: str, force: bool = False, workers: int | None = None) -> Path:
    """The preset's shards under bench/cache/crawl-<name>/, generated once (and again if the shape changed)."""
    out = CACHE / f"crawl-{name}"
    info = out / "crawl.json"
    if not force and info.exists() and json.loads(info.read_text()).get("fingerprint") == fingerprint(name):
        return out
    shutil.rmtree(out, ignore_errors=True)
    jobs = plan(name, out)
    for subset, _ in vocab.SUBSETS:
        (out / subset).mkdir(parents=True, exist_ok=True)
    print(f"generating the {name} crawl set ({PRESETS[name].rows:,} rows, {len(jobs)} files) into {out}...",
          file=sys.stderr)
    t0 = time.perf_counter()
    with ProcessPoolExecutor(max_workers=workers or min(2, os.cpu_count() or 1)) as pool:
        for i, (path, _) in enumerate(pool.map(_shard, jobs), 1):
            print(f"  {i}/{len(jobs)} {Path(path).parent.name}/{Path(path).name[:10]}... "
                  f"{time.perf_counter() - t0:.0f}s", file=sys.stderr)
    seconds = time.perf_counter() - t0
    files = sorted(str(f) for f in out.glob("*/*.parquet"))
    size = sum(os.path.getsize(f) for f in files)
    print(f"generated in {seconds:.0f}s, {size / 1e9:.2f} GB", file=sys.stderr)
    info.write_text(json.dumps({"preset": name, "fingerprint": fingerprint(name), **asdict(PRESETS[name]),
                                "files": len(files), "bytes": size, "generate_s": round(seconds, 1)}, indent=1))
    recount(name)
    return out


def recount(name: str) -> None:
    """Measure distinct hosts and registered domains of a generated set into its crawl.json."""
    out = CACHE / f"crawl-{name}"
    info = json.loads((out / "crawl.json").read_text())
    print("counting distinct hosts and domains...", file=sys.stderr)
    files = sorted(str(f) for f in out.glob("*/*.parquet"))
    sizes = [10_000, 100_000, 1_000_000, 10_000_000]
    info["distinct"] = distinct_counts(files, sizes, PRESETS[name].rows, out / ".spill")
    (out / "crawl.json").write_text(json.dumps(info, indent=1))


def describe(name: str) -> dict:
    return json.loads((CACHE / f"crawl-{name}" / "crawl.json").read_text())


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("preset", choices=list(PRESETS))
    ap.add_argument("--force", action="store_true", help="generate again even if cached")
    ap.add_argument("--workers", type=int, default=None)
    ap.add_argument("--recount", action="store_true", help="measure the distinct counts of the cached set again")
    args = ap.parse_args()
    out = ensure(args.preset, args.force, args.workers)
    if args.recount:
        recount(args.preset)
    d = describe(args.preset)
    print(f"{out}: {d['files']} files, {d['bytes'] / 1e9:.2f} GB, generated in {d['generate_s']:.0f}s")
    for v in d["distinct"].values():
        print(f"{v['rows']:>12,} rows  {v['hosts']:>12,} hosts ({v['hosts'] / v['rows']:6.1%})  "
              f"{v['domains']:>12,} registered domains")
    for key in ("hosts", "domains"):
        k, beta = heaps_fit(d["distinct"], key)
        print(f"Heaps' law fit of {key} over samples >= 100k rows: D = {k:.2f} n^{beta:.3f}")


if __name__ == "__main__":
    main()
