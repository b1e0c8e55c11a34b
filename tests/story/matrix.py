"""The fixture matrix: small parquet files in the real layouts of every dataset the explainer reads.

Each fixture writes its files with the publisher's own folder names, file names and column names and
types (precompute/scan/profiles.py cites where each comes from), then runs the real build
(`precompute.build.run.build`) over them, so the story tests read what a user's build would give.

How the rows are made to look like real crawl metadata: one small synthetic replica is generated
(`precompute.synth.generate`, scale 1,000,000: about 5,800 rows) and its rows are re-cut into each
layout. That gives every fixture the replica's long-tailed hosts (the synth host tables: Pinterest's,
Shopify's and SlidePlayer's real CDN hosts, then invented shop, blog and news hosts under `.test`),
its URL shapes (`/wp-content/uploads/...`, `/media/catalog/product/...`, Shopify `/s/files/...`), its
ALT-text captions in the languages their labels claim (with the mislabelled share the essay
describes), its similarity scores around the published cuts and its punsafe / pwatermark / aesthetic
scores. The replica's `explainer.*` parquet metadata is dropped, so every build here says
synthetic=false, as it would on the real files. Columns a layout has and the replica lacks are
derived from it: LAION-400M's NSFW tag from punsafe (NSFW at 0.5 and above, UNSURE from 0.1), the V1
`aesthetic` from AESTHETIC_SCORE, COYO's and DataComp's extra columns from the sizes and captions. Where
a release filtered its rows, the fixture drops the same rows: LAION-400M keeps similarity 0.3 and up,
improved_aesthetics_4.5plus a score of 4.5 and up, COYO no OpenNSFW2 score above 0.5 and no side under
200 pixels (its dataset card's filters); DataComp CommonPool, which has no CLIP cut, gets the scores
spread down to 0.05.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from functools import cache
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

SCALE = 1_000_000  # one replica row per million pairs: ~5,800 rows over the three subsets
SEED = 11
UNSURE_FROM, NSFW_FROM = 0.1, 0.5  # how the fixture tags LAION-400M rows from the replica's punsafe


@cache
def replica(root: str) -> dict[str, pa.Table]:
    """The replica's rows per LAION subset, generated once per process under `root`."""
    from precompute.synth.generate import generate

    out = Path(root) / "replica-source"
    if not out.exists():
        generate(out, scale=SCALE, seed=SEED)
    return {s: pq.read_table(sorted((out / s).glob("*.parquet"))).replace_schema_metadata(None)
            for s in ("laion2B-en", "laion2B-multi", "laion1B-nolang")}


def _part(folder: Path, i: int, salt: str) -> Path:
    """A Spark-style part file name, as LAION's and COYO's releases have: part-00000-<uuid>-c000.snappy.parquet."""
    h = hashlib.sha1(f"{salt}{i}".encode()).hexdigest()
    return folder / f"part-{i:05d}-{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:32]}-c000.snappy.parquet"


def _write(table: pa.Table, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    pq.write_table(table, path, compression="snappy", row_group_size=1000)


def _split(table: pa.Table, folder: Path, salt: str, parts: int = 2) -> None:
    step = -(-table.num_rows // parts)
    for i in range(parts):
        _write(table.slice(i * step, step), _part(folder, i, salt))


def _col(t: pa.Table, name: str) -> np.ndarray:
    return t.column(name).to_numpy(zero_copy_only=False)


def _ids(n: int, start: int) -> pa.Array:
    return pa.array(np.arange(start, start + n, dtype=np.int64))


# ---------------------------------------------------------------- the layouts


def laion5b(src: Path, rep: dict[str, pa.Table], subsets: tuple[str, ...] = ("laion2B-en", "laion2B-multi",
                                                                           "laion1B-nolang")) -> None:
    """LAION-5B's joined release: URL, TEXT, WIDTH, HEIGHT, similarity, (LANGUAGE), punsafe, pwatermark."""
    for s in subsets:
        t = rep[s]
        _split(t.drop_columns([c for c in ("AESTHETIC_SCORE",) if c in t.column_names]), src / s, s)


def laion400m(src: Path, rep: dict[str, pa.Table]) -> None:
    """laion400m-meta: SAMPLE_ID, URL, TEXT, HEIGHT, WIDTH, LICENSE, NSFW, similarity; every pair at 0.3 or more."""
    t = pa.concat_tables([rep["laion2B-en"].select(["URL", "TEXT", "WIDTH", "HEIGHT", "similarity", "punsafe"]),
                          rep["laion2B-multi"].select(["URL", "TEXT", "WIDTH", "HEIGHT", "similarity", "punsafe"])])
    t = t.filter(pc.greater_equal(t.column("similarity"), 0.3))
    p = _col(t, "punsafe")
    tag = np.where(p >= NSFW_FROM, "NSFW", np.where(p >= UNSURE_FROM, "UNSURE", "UNLIKELY"))
    n = t.num_rows
    rng = np.random.default_rng(SEED)
    lic = rng.choice(["?", "?", "?", "?", "?", "?", "?", "?", "?", "by-nc-sa"], n)
    out = pa.table({
        "SAMPLE_ID": _ids(n, 1_000_000_000),
        "URL": t.column("URL"), "TEXT": t.column("TEXT"),
        "HEIGHT": t.column("HEIGHT").cast(pa.float64()), "WIDTH": t.column("WIDTH").cast(pa.float64()),
        "LICENSE": pa.array(lic), "NSFW": pa.array(tag), "similarity": t.column("similarity"),
    })
    _split(out, src / "laion400m-meta", "400m", parts=1)


def aesthetic_v1(src: Path, rep: dict[str, pa.Table]) -> None:
    """laion2B-en-aesthetic: URL, TEXT, WIDTH, HEIGHT, similarity, punsafe, pwatermark, aesthetic, hash."""
    t = rep["laion2B-en"]
    out = t.drop_columns(["AESTHETIC_SCORE"]).append_column("aesthetic", t.column("AESTHETIC_SCORE")).append_column(
        "hash", _ids(t.num_rows, 7_000_000_000))
    _split(out, src / "laion2B-en-aesthetic", "v1")


def aesthetic_v2(src: Path, rep: dict[str, pa.Table]) -> None:
    """improved_aesthetics_4.5plus: LAION-5B's columns with AESTHETIC_SCORE (>= 4.5), sizes as float64, hash."""
    t = rep["laion2B-en"]
    t = t.filter(pc.greater_equal(t.column("AESTHETIC_SCORE"), 4.5))
    out = pa.table({"URL": t.column("URL"), "TEXT": t.column("TEXT"),
                    "WIDTH": t.column("WIDTH").cast(pa.float64()), "HEIGHT": t.column("HEIGHT").cast(pa.float64()),
                    "similarity": t.column("similarity"), "punsafe": t.column("punsafe"),
                    "pwatermark": t.column("pwatermark"), "AESTHETIC_SCORE": t.column("AESTHETIC_SCORE"),
                    "hash": _ids(t.num_rows, 9_000_000_000)})
    _write(out, src / "improved_aesthetics_4.5plus" / "train-00000-of-00001.parquet")


def relaion(src: Path, rep: dict[str, pa.Table], variant: str = "research-safe",
            subsets: tuple[str, ...] = ("laion2B-en", "laion2B-multi", "laion1B-nolang")) -> None:
    """Re-LAION-5B: one repository per subset (relaion2B-en-research-safe, ...), lower-case url and caption."""
    for s in subsets:
        t = rep[s]
        cols = {"url": t.column("URL"), "caption": t.column("TEXT"), "width": t.column("WIDTH"),
                "height": t.column("HEIGHT"), "similarity": t.column("similarity")}
        if "LANGUAGE" in t.column_names:
            cols["language"] = t.column("LANGUAGE")
        cols |= {"punsafe": t.column("punsafe"), "pwatermark": t.column("pwatermark")}
        _split(pa.table(cols), src / f"re{s}-{variant}", s)


def datacomp(src: Path, rep: dict[str, pa.Table]) -> None:
    """CommonPool metadata: uid, url, text, original_width, original_height, clip_b32/l14 scores, sha256.

    CommonPool is not CLIP-filtered, so the fixture spreads the replica's scores down to 0.1."""
    t = pa.concat_tables([rep[s].select(["URL", "TEXT", "WIDTH", "HEIGHT", "similarity"])
                          for s in ("laion2B-en", "laion2B-multi")])
    n = t.num_rows
    rng = np.random.default_rng(SEED)
    sim = np.clip(_col(t, "similarity") - rng.uniform(0, 0.15, n), 0.05, None)
    texts = t.column("TEXT").to_pylist()
    out = pa.table({
        "uid": pa.array([hashlib.md5(f"{i}".encode()).hexdigest() for i in range(n)]),
        "url": t.column("URL"), "text": t.column("TEXT"),
        "original_width": t.column("WIDTH").cast(pa.int64()), "original_height": t.column("HEIGHT").cast(pa.int64()),
        "clip_b32_similarity_score": pa.array(sim.astype(np.float32)),
        "clip_l14_similarity_score": pa.array((sim * 0.9).astype(np.float32)),
        "sha256": pa.array([hashlib.sha256((x or "").encode()).hexdigest() for x in texts]),
    })
    _write(out, src / "metadata" / "0a1b2c3d4e5f60718293a4b5c6d7e8f9.parquet")


def coyo(src: Path, rep: dict[str, pa.Table]) -> None:
    """COYO-700M: id, url, text, width, height, image_phash, text_length, ..., the CLIP, NSFW, watermark
    and aesthetic scores; English captions only, and none of the rows COYO's own filters dropped (an
    OpenNSFW2 score above 0.5, a shorter side under 200 pixels)."""
    t = rep["laion2B-en"]
    t = t.filter(pc.and_(pc.less_equal(t.column("punsafe"), 0.5),
                         pc.greater_equal(pc.min_element_wise(t.column("WIDTH"), t.column("HEIGHT")), 200)))
    n = t.num_rows
    texts = t.column("TEXT").to_pylist()
    sim = _col(t, "similarity")
    rng = np.random.default_rng(SEED)
    out = pa.table({
        "id": _ids(n, 841_814_333_321), "url": t.column("URL"), "text": t.column("TEXT"),
        "width": t.column("WIDTH"), "height": t.column("HEIGHT"),
        "image_phash": pa.array([hashlib.md5(f"p{i}".encode()).hexdigest()[:16] for i in range(n)]),
        "text_length": pa.array([len(x or "") for x in texts], pa.int32()),
        "word_count": pa.array([len((x or "").split()) for x in texts], pa.int32()),
        "num_faces": pa.array(rng.poisson(0.3, n).astype(np.int32)),
        "clip_similarity_vitb32": pa.array(sim.astype(np.float32)),
        "clip_similarity_vitl14": pa.array((sim * 0.85).astype(np.float32)),
        "nsfw_score_opennsfw2": t.column("punsafe"),
        "nsfw_score_gantman": t.column("punsafe"),
        "watermark_score": t.column("pwatermark"),
        "aesthetic_score_laion_v2": t.column("AESTHETIC_SCORE"),
    })
    _split(out, src / "data", "coyo")


def url_text(src: Path, rep: dict[str, pa.Table]) -> None:
    """Only URL and TEXT, in a folder no release names."""
    t = pa.concat_tables([rep[s].select(["URL", "TEXT"]) for s in ("laion2B-en", "laion2B-multi")])
    _write(t, src / "export" / "pairs.parquet")


FIXTURES: dict[str, Callable[[Path, dict[str, pa.Table]], None]] = {
    "laion5b": laion5b,
    "laion400m": laion400m,
    "aesthetic_v1": aesthetic_v1,
    "aesthetic_v2": aesthetic_v2,
    "relaion_safe": relaion,
    "relaion_research": lambda src, rep: relaion(src, rep, "research", ("laion2B-en",)),
    "datacomp": datacomp,
    "coyo": coyo,
    "url_text": url_text,
    "multi_only": lambda src, rep: laion5b(src, rep, ("laion2B-multi",)),
}


def build_fixture(name: str, tmp: Path) -> Path:
    """Write fixture `name`'s files under tmp/src and build its aggregates into tmp/agg (every row a sample
    candidate, so the small files still give samples)."""
    from precompute.build.run import build

    src = tmp / "src"
    FIXTURES[name](src, replica(str(tmp.parent)))
    out = tmp / "agg"
    build([str(p) for p in sorted({str(f.parent / "*.parquet") for f in src.rglob("*.parquet")})], out,
          sample_mod=1)
    return out
