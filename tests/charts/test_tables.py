"""The numbers behind the charts, checked against independent counts.

Each expectation comes from somewhere other than the code under test: a DuckDB count over the
parquet shards the fixture data was built from, the cited reference tables, or a figure worked out
by hand from the fixtures' sizes.
"""

from __future__ import annotations

import math
from pathlib import Path

import duckdb
import pytest

from app import charts
from app.core import format as fmt
from app.core.dataset import Dataset
from precompute.contract import models
from precompute.contract.reference import figure, speakers
from tests.charts.conftest import Case

SIM_BINS = round(1 / models.BIN_WIDTH)  # similarity, punsafe and pwatermark bins per unit
AES_BINS = round(1 / models.AESTHETIC_BIN_WIDTH)
T = 0.3


def _query(shards: Path, sql: str) -> list[tuple]:
    """`sql` over every shard as the view `rows` (with each row's subset taken from its folder name)."""
    con = duckdb.connect()
    con.execute(f"""CREATE VIEW rows AS SELECT *, regexp_extract(filename, '([^/]+)/[^/]+$', 1) AS subset
                    FROM read_parquet('{shards}/*/*.parquet', filename = true, union_by_name = true)""")
    return con.execute(sql).fetchall()


def _by_subset(shards: Path, what: str, where: str = "true") -> dict[str, int]:
    return dict(_query(shards, f"SELECT subset, {what} FROM rows WHERE {where} GROUP BY subset"))


def test_subset_sizes(case: Case) -> None:
    rows = {r["subset"]: r for r in charts.table(case.ds, "subsets", T)}
    counted = _by_subset(case.shards, "count(*)")
    assert {name: r["sample_rows"] for name, r in rows.items()} == counted
    assert {name: r["pairs_estimate"] for name, r in rows.items()} == {n: c * case.scale for n, c in counted.items()}
    assert rows["laion2B-en"]["published_pairs"] == int(figure("en_pairs"))


def test_small_fixture_sizes_by_hand(small: Dataset) -> None:
    # tests/chart_data.py writes 3000 + 2000 en rows, 3000 multi and 1500 nolang
    rows = {r["subset"]: r["sample_rows"] for r in charts.table(small, "subsets", T)}
    assert rows == {"laion2B-en": 5000, "laion2B-multi": 3000, "laion1B-nolang": 1500}
    assert list(rows) == ["laion2B-en", "laion2B-multi", "laion1B-nolang"]


def test_removed_at_t(case: Case) -> None:
    # removed: similarity below t on the 0.001 grid; pairs without a similarity are never removed
    total = _by_subset(case.shards, "count(*)")
    removed = _by_subset(case.shards, "count(*)", f"floor(similarity * {SIM_BINS}) < {round(T * SIM_BINS)}")
    for r in charts.table(case.ds, "removed", T):
        name = r["subset"]
        assert r["removed"] == removed.get(name, 0), name
        assert r["kept"] == total[name] - r["removed"], name
        assert r["removed_estimate"] == r["removed"] * case.scale
        assert math.isclose(r["removed_share"], r["removed"] / total[name])
        assert r["cut"] == T


def test_similarity_histogram(case: Case) -> None:
    counted = {(s, b): n for s, b, n in _query(
        case.shards, f"SELECT subset, CAST(floor(similarity * {SIM_BINS}) AS INT), count(*) FROM rows "
                     "WHERE similarity IS NOT NULL GROUP BY ALL")}
    rows = charts.table(case.ds, "similarity", T)
    assert {(r["subset"], r["bin"]): r["pairs"] for r in rows} == counted
    for r in rows[:50]:
        assert r["similarity"] == r["bin"] / SIM_BINS and r["similarity_end"] == (r["bin"] + 1) / SIM_BINS


def test_similarity_description_counts_the_tail(case: Case) -> None:
    (above,), = _query(case.shards, f"SELECT count(*) FROM rows WHERE similarity >= {models.BIN_WIDTH * 500}")
    text = charts.CHARTS["similarity"].describe(case.ds, T)
    n = above * case.scale
    said = ("none scores" if n == 0 else "only one scores" if n == 1 else
            f"only {fmt.estimate(n) if case.scale > 1 else fmt.count(n)} score")
    assert f"{said} 0.5 or more" in text


def test_aesthetic_subsets(case: Case) -> None:
    rows = charts.table(case.ds, "aesthetic", T)
    assert [r["cutoff"] for r in rows] == [5, 6, 6.25, 6.5]
    for r, fid in zip(rows, ("aes_subset_5plus", "aes_6plus", "aes_6_25plus", "aes_6_5plus"), strict=True):
        at_least = f"floor(CAST(AESTHETIC_SCORE AS DOUBLE) * {AES_BINS}) >= {round(r['cutoff'] * AES_BINS)}"
        (n,), = _query(case.shards, f"SELECT count(*) FROM rows WHERE subset = 'laion2B-en' AND {at_least}")
        assert (r["subset"], r["pairs"], r["pairs_estimate"]) == ("laion2B-en", n, n * case.scale)
        assert r["published_pairs"] == int(figure(fid))


@pytest.mark.parametrize(("column", "score", "cut_id"), [("punsafe", "unsafe", "unsafe_threshold"),
                                                          ("pwatermark", "watermark", "watermark_threshold")])
def test_safety_cutoffs(case: Case, column: str, score: str, cut_id: str) -> None:
    cut = figure(cut_id)
    scored = _by_subset(case.shards, "count(*)", f"{column} IS NOT NULL AND NOT isnan({column})")
    at_least = f"floor(CAST({column} AS DOUBLE) * {SIM_BINS}) >= {round(cut * SIM_BINS)}"
    flagged = _by_subset(case.shards, "count(*)", at_least)
    rows = [r for r in charts.table(case.ds, "safety", T) if r["score"] == score]
    assert [r["subset"] for r in rows] == ["laion2B-en", "laion2B-multi", "laion1B-nolang"]
    for r in rows:
        assert r["cutoff"] == cut and r["flagged"] == flagged.get(r["subset"], 0), r
        assert math.isclose(r["share_flagged"], r["flagged"] / scored[r["subset"]])
        assert r["published_share"] == figure(f"{score}_share_{r['subset'].split('-')[-1]}")


def test_captions_per_speaker(case: Case) -> None:
    # laion2B-en is English by definition; laion2B-multi carries CLD3's label in LANGUAGE
    counted = dict(_query(case.shards, "SELECT CASE WHEN subset = 'laion2B-en' THEN 'en' ELSE LANGUAGE END AS code, "
                                       "count(*) FROM rows WHERE subset <> 'laion1B-nolang' GROUP BY code"))
    rows = {r["code"]: r for r in charts.table(case.ds, "languages", T)}
    assert set(rows) == {c for c in counted if c in speakers()}
    for code, r in rows.items():
        assert r["pairs"] == counted[code], code
        assert r["speakers"] == int(speakers()[code]["speakers"])
        assert math.isclose(r["captions_per_speaker"], counted[code] * case.scale / r["speakers"])
    ratios = [r["captions_per_speaker"] for r in rows.values()]
    assert list(rows) == [r["code"] for r in sorted(rows.values(), key=lambda r: -r["captions_per_speaker"])]
    assert ratios  # both fixtures label some captions in a language with a speaker count


def test_luxembourgish(case: Case) -> None:
    (lb,), = _query(case.shards, "SELECT count(*) FROM rows WHERE LANGUAGE = 'lb'")
    rows = {(r["group"], r["measure"]): r for r in charts.table(case.ds, "luxembourgish", T)}
    per_speaker = lb * case.scale / int(speakers()["lb"]["speakers"])
    assert math.isclose(rows[("captions per speaker", "Luxembourgish")]["value"], per_speaker)
    per_page = lb * case.scale / figure("lb_cc_pages")
    assert math.isclose(rows[("captions per Common Crawl page", "Luxembourgish")]["value"], per_page)
    assert math.isclose(rows[("share", "Luxembourgish share of Common Crawl pages")]["value"],
                        1 / figure("lb_cc_pages_ratio"))


def test_named_sites_of_the_small_fixture(small: Dataset, small_case: Case) -> None:
    # tests/fixtures.py HOSTS, folded by hand: pinimg.com and pinterest.co.uk are Pinterest, and so on
    counted = dict(_query(small_case.shards, """
        SELECT CASE WHEN host IN ('i.pinimg.com', 'www.pinterest.co.uk') THEN 'Pinterest'
                    WHEN host = 'cdn.shopify.com' THEN 'Shopify'
                    WHEN host IN ('images.slideplayer.com', 'slideplayer.fr') THEN 'SlidePlayer'
                    WHEN host = 'img.example-blog.com' THEN 'example-blog.com'
                    WHEN host = 'cdn.shop-lumiere.fr' THEN 'shop-lumiere.fr'
                    WHEN host = 'static.newsy.de' THEN 'newsy.de' END AS source, count(*)
        FROM (SELECT regexp_extract(URL, '^https?://([^/]+)', 1) AS host FROM rows) GROUP BY source"""))
    rows = charts.table(small, "sites", T)
    assert {r["source"]: r["pairs"] for r in rows} == counted
    assert [r["pairs"] for r in rows] == sorted(counted.values(), reverse=True)
    named = {r["source"] for r in rows if r["kind"] == "named site"}
    assert named == {"Pinterest", "Shopify", "SlidePlayer"}
    for r in rows:
        assert math.isclose(r["share"], r["pairs"] / 9500) and fmt.every(r["share"]) == f"1 in {r['one_in']:,g}"


def test_stack_quotes_the_reference_figures(ds: Dataset) -> None:
    stack = "\n".join(r["detail"] for r in charts.table(ds, "stack", T))
    assert "1,281,167 labelled images" in stack  # essay_figures.csv imagenet1k_images
    assert "238,000 SAC + 250,000 AVA images, 15,000 logos" in stack
    assert "0.28 for laion2B-en" in stack and "0.26 for laion2B-multi, laion1B-nolang" in stack


def test_method_lists_the_files_read(case: Case) -> None:
    rows = charts.table(case.ds, "method", T)
    files = sorted(p.name for p in case.shards.glob("*/*.parquet"))
    assert sorted(r["file"] for r in rows) == files
    assert sum(r["bytes"] for r in rows) == sum(p.stat().st_size for p in case.shards.glob("*/*.parquet"))
    assert "/" not in "".join(r["file"] for r in rows)  # file names only, never the server's paths


def test_descriptions_are_sentences_with_numbers(ds: Dataset) -> None:
    for c in charts.available(ds):
        text = c.describe(ds, T)
        assert isinstance(text, str) and any(ch.isdigit() for ch in text) and text.endswith("."), (c.id, text)
        assert "  " not in text and "{" not in text, (c.id, text)
        if ds.synthetic and c.id in ("subsets", "sites", "similarity", "removed", "languages", "aesthetic"):
            assert "synthetic replica" in text, c.id


def test_description_wording(dataset: Dataset, small: Dataset) -> None:
    # the one formatter (app/core/format.py) prints every number of a sentence
    assert "holds ≈5.85B image–text pairs in 3 subsets: laion2B-en ≈2.32B;" in charts.CHARTS["subsets"].describe(
        dataset, T)
    assert "(one sample row stands for 20,000 pairs)" in charts.CHARTS["subsets"].describe(dataset, T)
    assert charts.CHARTS["subsets"].describe(small, T).startswith("LAION-5B holds 9,500 image–text pairs")
    assert "At a threshold of 0.300," in charts.CHARTS["removed"].describe(small, T)
    assert "Three sites supply" in charts.CHARTS["sites"].describe(small, T)
    lux = charts.CHARTS["luxembourgish"].describe(small, T)
    assert "1 per 407 speakers" in lux  # 737 captions labelled lb / 300,000 speakers (speakers.csv)
    assert "only one in 58,000 Common Crawl pages is in Luxembourgish" in lux
