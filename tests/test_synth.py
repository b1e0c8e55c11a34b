"""The synthetic replica: layout, LAION's types, metadata, determinism and the published figures.

Calibration is checked with DuckDB straight over the shards (not through the build), multiplying
sample counts by the scale. Counts are exact by construction in the generator, so the tolerances
below are the ones the design promises, not loosened for sampling noise.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from precompute.synth.generate import ROW_GROUP_SIZE, generate

SUBSETS = ("laion2B-en", "laion2B-multi", "laion1B-nolang")
TEST_SCALE, TEST_SEED = 20000, 7  # what the session fixture `synth_shards` generates (tests/conftest.py)
SHARD_NAME = re.compile(r"^part-\d{5}-[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}"
                        r"-c000\.snappy\.parquet$")
SITE_SQL = """CASE
  WHEN host = 'pinimg.com' OR ends_with(host, '.pinimg.com') OR starts_with(host, 'pinterest.')
       OR contains(host, '.pinterest.') THEN 'Pinterest'
  WHEN ends_with(host, 'shopify.com') THEN 'Shopify'
  WHEN starts_with(host, 'slideplayer.') OR contains(host, '.slideplayer.') THEN 'SlidePlayer'
  ELSE 'other' END"""


def _q(sql: str) -> list[tuple]:
    return duckdb.connect().execute(sql).fetchall()


def _src(root: Path, subset: str | None = None) -> str:
    glob = f"{root}/{subset}/*.parquet" if subset else f"{root}/*/*.parquet"
    return f"read_parquet('{glob}', filename = true)"


def _one(sql: str) -> float:
    return _q(sql)[0][0]


def _files(root: Path, subset: str) -> list[Path]:
    return sorted((root / subset).glob("*.parquet"))


def test_layout_and_file_names(synth_shards: Path) -> None:
    for subset in SUBSETS:
        files = _files(synth_shards, subset)
        assert len(files) >= 2, subset
        assert all(SHARD_NAME.match(f.name) for f in files), [f.name for f in files]
        assert len({f.name.split("-", 2)[2] for f in files}) == 1  # one job uuid per subset, as LAION's
        for f in files:
            meta = pq.ParquetFile(f).metadata
            assert meta.num_row_groups >= 1
            assert all(meta.row_group(i).num_rows <= ROW_GROUP_SIZE for i in range(meta.num_row_groups))
            assert meta.row_group(0).column(0).compression == "SNAPPY"
    assert not list(synth_shards.rglob("*.tmp"))


EXPECTED_TYPES = {
    "laion2B-en": {"URL": pa.string(), "TEXT": pa.string(), "WIDTH": pa.int32(), "HEIGHT": pa.int32(),
                   "similarity": pa.float64(), "punsafe": pa.float32(), "pwatermark": pa.float32(),
                   "AESTHETIC_SCORE": pa.float32()},
    "laion2B-multi": {"URL": pa.string(), "TEXT": pa.string(), "WIDTH": pa.int32(), "HEIGHT": pa.int32(),
                      "similarity": pa.float64(), "LANGUAGE": pa.string(), "punsafe": pa.float32(),
                      "pwatermark": pa.float32()},
    "laion1B-nolang": {"URL": pa.string(), "TEXT": pa.string(), "WIDTH": pa.float64(), "HEIGHT": pa.float64(),
                       "similarity": pa.float64(), "punsafe": pa.float32(), "pwatermark": pa.float32()},
}


@pytest.mark.parametrize("subset", SUBSETS)
def test_schema_and_metadata(synth_shards: Path, subset: str) -> None:
    for f in _files(synth_shards, subset):
        schema = pq.read_schema(f)
        assert {n: schema.field(n).type for n in schema.names} == EXPECTED_TYPES[subset]
        meta = {k.decode(): v.decode() for k, v in (schema.metadata or {}).items()}
        assert meta["explainer.synthetic"] == "true"
        assert meta["explainer.seed"] == str(TEST_SEED)
        assert meta["explainer.scale"] == str(TEST_SCALE)
        assert meta["explainer.generator"].startswith("precompute.synth ")


def test_same_seed_same_bytes(tmp_path: Path) -> None:
    a = generate(tmp_path / "a", scale=500_000, seed=3)
    b = generate(tmp_path / "b", scale=500_000, seed=3)
    c = generate(tmp_path / "c", scale=500_000, seed=4)
    names = [Path(f).relative_to(tmp_path / "a") for f in a["files"]]
    assert names == [Path(f).relative_to(tmp_path / "b") for f in b["files"]]
    for rel in names:
        assert (tmp_path / "a" / rel).read_bytes() == (tmp_path / "b" / rel).read_bytes(), rel
    assert a["rows"] == sum(a["subsets"].values()) == c["rows"]
    assert {Path(f).name for f in c["files"]}.isdisjoint(p.name for p in names)


def test_rerun_replaces_old_shards(tmp_path: Path) -> None:
    generate(tmp_path, scale=1_000_000, seed=1)
    info = generate(tmp_path, scale=1_000_000, seed=2)
    assert sorted(str(p) for p in tmp_path.rglob("*.parquet")) == sorted(info["files"])
    assert isinstance(info["seconds"], float)


def test_subset_sizes(synth_shards: Path) -> None:
    rows = dict(_q(f"SELECT regexp_extract(filename, '(laion[^/]+)/part', 1), count(*) FROM {_src(synth_shards)} "
                   "GROUP BY 1"))
    for subset, published in (("laion2B-en", 2_322_161_808), ("laion2B-multi", 2_266_193_302),
                              ("laion1B-nolang", 1_260_048_307)):
        assert rows[subset] * TEST_SCALE == pytest.approx(published, rel=0.01)


def test_named_sites(synth_shards: Path) -> None:
    sql = (f"SELECT {SITE_SQL} AS site, count(*) FROM (SELECT split_part(URL, '/', 3) AS host "
           f"FROM {_src(synth_shards)}) GROUP BY 1")
    sites = dict(_q(sql))
    assert sites["Pinterest"] * TEST_SCALE == pytest.approx(155e6, rel=0.05)
    assert sites["Shopify"] * TEST_SCALE == pytest.approx(140e6, rel=0.05)
    assert sites["SlidePlayer"] * TEST_SCALE == pytest.approx(72e6, rel=0.05)
    hosts = _q(f"SELECT split_part(URL, '/', 3) h, count(*) n FROM {_src(synth_shards)} GROUP BY 1 ORDER BY n DESC")
    assert len(hosts) > 1000  # a long tail of invented hosts
    assert [h for h, _ in hosts[:2]] == ["cdn.shopify.com", "i.pinimg.com"]


def _hosts_sql(root: Path, limit: int | None = None) -> str:
    """SQL: the host of every row, or of `limit` rows picked by a hash of the URL (all subsets mixed)."""
    rows = f"SELECT URL FROM {_src(root)}" + (f" ORDER BY hash(URL) LIMIT {limit}" if limit else "")
    return f"SELECT split_part(URL, '/', 3) AS host FROM ({rows})"


def test_distinct_hosts_grow_like_a_crawl(synth_shards: Path) -> None:
    # Heaps' law: a real 10,000-row LAION sample holds 4,479 distinct hosts, and the count grows as n^beta
    n = _one(f"SELECT count(*) FROM {_src(synth_shards)}")
    share = {k: _one(f"SELECT count(DISTINCT host) / {k} FROM ({_hosts_sql(synth_shards, k)})")
             for k in (10_000, n // 10)}
    share[n] = _one(f"SELECT count(DISTINCT host) / {n} FROM ({_hosts_sql(synth_shards)})")
    assert 0.35 <= share[10_000] <= 0.55
    assert share[n] < 0.65 * share[n // 10]  # clearly sub-linear (n^0.67 gives 0.47x per tenfold)
    beta = 1 + math.log(share[n] / share[10_000]) / math.log(n / 10_000)
    assert 0.6 <= beta <= 0.8


def test_invented_hosts_are_reserved_names(synth_shards: Path) -> None:
    from precompute.scan.sites import OTHER, site_case_sql

    n = _one(f"SELECT count(*) FROM {_src(synth_shards)}")
    hosts_sql = _hosts_sql(synth_shards)
    assert _one(f"SELECT count(*) FROM ({hosts_sql}) WHERE {SITE_SQL} = 'other' AND NOT ends_with(host, '.test')") == 0
    hosts = dict(_q(f"SELECT host, count(*) FROM ({hosts_sql}) WHERE ends_with(host, '.test') GROUP BY 1"))
    assert all(re.fullmatch(r"[a-z0-9-]{1,63}(\.[a-z0-9-]{1,63})+", h) for h in hosts)  # ASCII host names
    con = duckdb.connect()
    sites = con.execute(f"SELECT DISTINCT {site_case_sql('h')} FROM unnest(?) AS t(h)", [list(hosts)]).fetchall()
    assert sites == [(OTHER,)]  # no invented name passes for a named site
    domains: dict[str, list[int]] = {}
    for h, c in hosts.items():
        domains.setdefault(".".join(h.rsplit(".", 2)[-2:]), []).append(c)
    assert len(domains) < 0.97 * len(hosts)  # www., cdn., img. ... subdomains of one domain
    assert sum(len(v) == 1 for v in domains.values()) > 0.8 * len(domains)  # but most domains have one host
    assert max(sum(v) for v in domains.values()) < 0.005 * n  # no invented domain rivals the named sites


def test_invented_names_are_one_to_one() -> None:
    import numpy as np

    from precompute.synth.names import REGIONS, base_names, domain_names

    for r in range(len(REGIONS)):
        c = int(base_names(np.array([r]))[0])
        rank = np.r_[np.arange(3 * c), 10**9 + np.arange(100), 2**50 + np.arange(100)]
        names = domain_names(np.full(len(rank), r), rank, seed=0).to_pylist()
        assert len(set(names)) == len(names), REGIONS[r]
        assert names == domain_names(np.full(len(rank), r), rank, seed=0).to_pylist()
        assert names != domain_names(np.full(len(rank), r), rank, seed=1).to_pylist()


def test_tail_ranks_follow_the_pareto_tail() -> None:
    import numpy as np

    from precompute.synth.hosts import TAIL_S, tail_ranks

    q = 90.0
    rank = tail_ranks(np.random.default_rng(0), np.full(1_000_000, q))
    for r in (10, 1000, 100_000):
        assert (rank >= r).mean() == pytest.approx(((r + q) / q) ** (1 - TAIL_S), rel=0.05), r


def test_urls_are_lower_case_https(synth_shards: Path) -> None:
    bad = _one(f"SELECT count(*) FROM {_src(synth_shards)} WHERE URL <> lower(URL) OR NOT starts_with(URL, 'https://')")
    assert bad == 0


def _label(host: str) -> str:
    """SQL: the label before `.test` of an invented host (its registered domain without the suffix)."""
    return f"regexp_extract({host}, '([^.]+)[.]test$', 1)"


def test_tail_hosts_carry_the_caption_language(synth_shards: Path) -> None:
    # the region shows in an invented name twice: a country tag before .test and the words it is made of
    from precompute.synth.names import STEMS

    rows = _q(f"""SELECT LANGUAGE, avg(regexp_matches(label, '-(fr|be|ch|ca)$')::int),
        avg(regexp_matches(label, '^({"|".join(STEMS["fr"])})')::int)
        FROM (SELECT {_label('host')} AS label, LANGUAGE FROM (SELECT split_part(URL, '/', 3) AS host, LANGUAGE
              FROM {_src(synth_shards, 'laion2B-multi')}) WHERE {SITE_SQL} = 'other')
        WHERE LANGUAGE IN ('fr', 'de', 'ja') GROUP BY 1""")
    tag, stem = {lang: t for lang, t, _ in rows}, {lang: w for lang, _, w in rows}
    assert tag["fr"] > 0.6 and stem["fr"] > 0.6  # French captions mostly sit on French-flavoured hosts
    assert tag["ja"] < 0.1 and stem["ja"] < 0.1  # and Japanese ones do not
    assert tag["de"] < 0.2  # (German shares the Swiss tag; "mode" is a German stem too)


def test_similarity_thresholds_and_near_band(synth_shards: Path) -> None:
    src = _src(synth_shards)
    assert _one(f"SELECT count(*) FROM {_src(synth_shards, 'laion2B-en')} WHERE similarity < 0.28") == 0
    assert _one(f"SELECT count(*) FROM {_src(synth_shards, 'laion1B-nolang')} WHERE similarity < 0.26") == 0
    near = _one(f"""SELECT avg((similarity >= t AND similarity < t + 0.01)::int) FROM (SELECT similarity,
        CASE WHEN contains(filename, 'laion2B-en') THEN 0.28 ELSE 0.26 END AS t FROM {src})""")
    assert near == pytest.approx(0.16, abs=0.01)  # published: 937,489,831 of 5.85B
    multi = _src(synth_shards, "laion2B-multi")
    q10, q50, q90 = _one(f"SELECT quantile_cont(similarity, [0.1, 0.5, 0.9]) FROM {multi}")
    assert (q10, q50, q90) == pytest.approx((0.255, 0.281, 0.321), abs=0.003)


def test_similarity_tail_is_text_in_image(synth_shards: Path) -> None:
    src = _src(synth_shards)
    assert _one(f"SELECT count(*) FROM {src} WHERE similarity > 0.5") == max(1, round(22_645 / TEST_SCALE))
    assert _one(f"SELECT max(similarity) FROM {src}") <= 0.56
    high = _one(f"SELECT count(*) FROM {src} WHERE similarity >= 0.46 AND similarity <= 0.5")
    assert high == pytest.approx(226_450 / TEST_SCALE, abs=2)
    from precompute.synth.captions.tables import own_languages

    endings = {t for _, t in own_languages()["en"].kinds["textimg"] if "{" not in t}
    texts = [t for (t,) in _q(f"SELECT TEXT FROM {src} WHERE similarity >= 0.46")]
    assert any(t in endings or t.endswith(": A Novel") for t in texts)


def test_site_shifts_with_threshold(synth_shards: Path) -> None:
    # raising the cut keeps relatively more slides than product shots: the mix shifts, not just the size
    shares = dict(_q(f"""SELECT {SITE_SQL} AS site, avg((similarity >= 0.33)::int) FROM (SELECT
        split_part(URL, '/', 3) AS host, similarity FROM {_src(synth_shards, 'laion2B-en')}) GROUP BY 1"""))
    assert shares["SlidePlayer"] > shares["other"] > shares["Shopify"]


def test_languages(synth_shards: Path) -> None:
    langs = dict(_q(f"SELECT LANGUAGE, count(*) FROM {_src(synth_shards, 'laion2B-multi')} GROUP BY 1"))
    published = {"ru": 241e6, "fr": 168e6, "de": 150e6, "es": 149e6, "zh": 143e6, "ja": 131e6, "it": 95e6,
                 "pt": 88e6, "nl": 66e6, "pl": 62e6, "no": 49e6, "lb": 34_270_773}
    for code, pairs in published.items():
        assert langs[code] * TEST_SCALE == pytest.approx(pairs, rel=0.05), code
    from precompute.contract.reference import speakers

    assert langs["sw"] * TEST_SCALE == pytest.approx(0.02857 * float(speakers()["sw"]["speakers"]), rel=0.05)
    assert langs["is"] * TEST_SCALE == pytest.approx(7.0 * float(speakers()["is"]["speakers"]), rel=0.05)
    assert langs["ru"] > langs["fr"] > langs["de"] > langs["es"]
    assert "en" not in langs and len(langs) == 106
    rest = [n for c, n in langs.items() if c not in published and c not in ("sw", "is")]
    assert max(rest) * TEST_SCALE < 45e6


def test_luxembourgish_is_mostly_not_luxembourgish(synth_shards: Path) -> None:
    from precompute.synth.captions.tables import PHRASE_SLOT, phrase_languages

    genuine = phrase_languages()["lb"].words[PHRASE_SLOT]
    texts = [t for (t,) in _q(f"SELECT TEXT FROM {_src(synth_shards, 'laion2B-multi')} WHERE LANGUAGE = 'lb'")]
    share = sum(any(g in t for g in genuine) for t in texts) / len(texts)
    assert 0.1 <= share <= 0.3  # about a fifth is real Luxembourgish; the rest English, German, French


def test_aesthetic_subsets(synth_shards: Path) -> None:
    src = _src(synth_shards, "laion2B-en")
    for cut, published in ((4.5, 1.2e9), (4.75, 939e6), (5.0, 600e6), (6.0, 12e6), (6.25, 3e6), (6.5, 625e3)):
        got = _one(f"SELECT count(*) FROM {src} WHERE AESTHETIC_SCORE >= {cut}") * TEST_SCALE
        assert got == pytest.approx(published, rel=0.1), cut
    lo, hi = _one(f"SELECT [min(AESTHETIC_SCORE), max(AESTHETIC_SCORE)] FROM {src}")
    assert 1.5 < lo < 3 and 6.5 < hi < 8.5


@pytest.mark.parametrize(("subset", "unsafe", "watermark"), [
    ("laion2B-en", 0.029, 0.061), ("laion2B-multi", 0.033, 0.056), ("laion1B-nolang", 0.030, 0.040)])
def test_safety_scores(synth_shards: Path, subset: str, unsafe: float, watermark: float) -> None:
    u, w, nu, nw, med = _q(f"""SELECT avg((punsafe > 0.5)::int), avg((pwatermark > 0.8)::int),
        avg((punsafe IS NULL)::int), avg((pwatermark IS NULL)::int), median(punsafe)
        FROM {_src(synth_shards, subset)}""")[0]
    assert u == pytest.approx(unsafe, abs=0.005) and w == pytest.approx(watermark, abs=0.005)
    assert 0 < nu < 0.002 and 0 < nw < 0.002
    assert med < 0.1  # most mass near 0


def test_sizes(synth_shards: Path) -> None:
    pins = _q(f"SELECT WIDTH, count(*) n FROM {_src(synth_shards, 'laion2B-en')} WHERE contains(URL, 'pinimg.com') "
              "GROUP BY 1 ORDER BY n DESC LIMIT 1")
    assert pins[0][0] == 236
    nan, null, ok = _q(f"""SELECT count(*) FILTER (WHERE isnan(WIDTH)), count(*) FILTER (WHERE WIDTH IS NULL),
        count(*) FILTER (WHERE WIDTH >= 32) FROM {_src(synth_shards, 'laion1B-nolang')}""")[0]
    assert nan > 0 and null > 0 and ok > 0.99 * (nan + null + ok)


def test_tables_are_data_files_the_wheel_carries() -> None:
    # every data file is matched by pyproject's package-data, so an installed wheel generates as a checkout does
    import tomllib

    from precompute.synth.tables import DATA_DIR

    root = DATA_DIR.parent
    config = tomllib.loads((root.parents[1] / "pyproject.toml").read_text(encoding="utf-8"))
    patterns = config["tool"]["setuptools"]["package-data"]["precompute.synth"]
    shipped = {p for pattern in patterns for p in root.glob(pattern)}
    files = {p for p in DATA_DIR.rglob("*") if p.is_file()}
    assert files and files <= shipped, sorted(str(p.relative_to(root)) for p in files - shipped)


@pytest.fixture
def broken_tables(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A copy of the caption tables to break, read instead of the real ones; the caches are cleared around it."""
    import shutil

    from precompute.synth import tables
    from precompute.synth.captions.tables import common_words, own_languages, phrase_languages

    caches = (tables.read, common_words, own_languages, phrase_languages)
    shutil.copytree(tables.DATA_DIR, tmp_path / "data")
    monkeypatch.setattr(tables, "DATA_DIR", tmp_path / "data")
    for f in caches:
        f.cache_clear()
    yield tmp_path / "data" / "captions"
    monkeypatch.undo()
    for f in caches:
        f.cache_clear()


@pytest.mark.parametrize(("edit", "message"), [
    (lambda fr: fr["kinds"]["product"].__setitem__(0, [4, "{item} {nope}"]),
     r"romance\.json: languages\.fr\.kinds\.product\[0\]: no word list for \{nope\}"),
    (lambda fr: fr["words"].update(mat=["{colour}"], colour=["{mat}"]), r"languages\.fr\.words: .* in a loop"),
    (lambda fr: fr["kinds"]["pin"].__setitem__(1, [0, "Recette"]), r"kinds\.pin\[1\]\[0\]: expected a positive weight"),
    (lambda fr: fr["words"].__setitem__("city", []), r"words\.city: expected a non-empty list of strings"),
    (lambda fr: fr["kinds"].__setitem__("poster", [[1, "Affiche"]]), r"kinds: unknown kind 'poster'"),
])
def test_a_broken_table_names_its_file_and_key(broken_tables: Path, edit: Callable[[dict[str, Any]], None],
                                               message: str) -> None:
    import json

    from precompute.synth.captions.tables import own_languages
    from precompute.synth.tables import TableError

    path = broken_tables / "romance.json"
    doc = json.loads(path.read_text(encoding="utf-8"))
    edit(doc["languages"]["fr"])
    path.write_text(json.dumps(doc), encoding="utf-8")
    with pytest.raises(TableError, match=message):
        own_languages()


def test_a_language_has_one_table(broken_tables: Path) -> None:
    import json

    from precompute.synth.captions.tables import phrase_languages
    from precompute.synth.tables import TableError

    path = broken_tables / "phrases.json"
    doc = json.loads(path.read_text(encoding="utf-8"))
    doc["phrases"]["de"] = ["Guten Tag"]  # German has templates of its own in northern.json
    path.write_text(json.dumps(doc), encoding="utf-8")
    with pytest.raises(TableError, match=r"phrases\.json: phrases\.de: .* templates of its own"):
        phrase_languages()


def test_host_words_are_ascii() -> None:
    from precompute.synth.tables import TableError, host_words

    assert host_words(["maison", "jardin2"], "stems.fr") == ("maison", "jardin2")
    for bad in (["lumière"], ["Maison"], ["bleu-ciel"], []):
        with pytest.raises(TableError, match="stems.fr"):
            host_words(bad, "stems.fr")
