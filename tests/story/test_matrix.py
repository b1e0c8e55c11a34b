"""The story true on every dataset of the fixture matrix (tests/story/matrix.py): per fixture, the
sentences each must say and those it must not, over the story's prose, speaker notes, missing-data
notes, block titles and the descriptions of the charts it can draw (the embeds' and slides' text)."""

from __future__ import annotations

import html
import re
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq
import pytest

from app import charts, story
from app.core.dataset import Dataset, load
from app.core.figures import default_t
from app.story.model import Step, plain
from tests.story.matrix import FIXTURES, build_fixture

pytestmark = pytest.mark.slow  # ten real builds, about half a minute


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Path, Dataset]]:
    out = {}
    for name in FIXTURES:
        tmp = tmp_path_factory.mktemp(name)
        out[name] = (tmp, load(build_fixture(name, tmp)))
    return out


def _steps(ds: Dataset) -> list[Step]:
    return story.build_steps(ds, default_t(ds))


def text_of(ds: Dataset) -> str:
    """Everything the story, its slides and its embeds say about `ds`, one line per paragraph."""
    lines: list[str] = []
    for s in _steps(ds):
        lines += [s.title, *(plain(p) for p in s.paragraphs), *s.notes, *s.missing, *(b.title for b in s.blocks)]
    t = default_t(ds)
    lines += [f"{c.title}: {c.describe(ds, t)}" for c in charts.available(ds)]
    lines += [r["detail"].replace("\n", " ") for r in charts.table(ds, "stack", t)]  # the stack's boxes
    return "\n".join(lines)


# sentences no dataset of the matrix may read (the findings of issue 11, section 3)
NEVER = [
    "1 parquet files", "1 files", "(none published)", "rebuild them to add it", "LAION-5B's three subsets",
    "the biggest gainer English (100", "0 captions Luxembourgish", "about 0 for every",
    "A few hundred thousand ratings", "metadata metadata",
]
# fixture -> (must appear, must not appear)
CASES: dict[str, tuple[list[str], list[str]]] = {
    "laion5b": (["The LAION-5B metadata read here comes in three parts", "Its verdict split the dataset",
                 "Below are captions drawn at random from the data", "The oddest entry is Luxembourgish",
                 "split by language by a detector (CLD3)", "88.3% of the candidates dropped",
                 # where the essay rounds or slips, its words beside the computed figure (essay_wording.csv)
                 "or 1 in 37.7 (the essay rounds it to about one in every forty)",
                 "(The essay's text says \"within 0.1\" here", "the essay speaks of 107 languages",
                 "Only one pair scores 0.5 or more", "only one scores 0.5 or more"],
                ["generated for this synthetic replica"]),
    "laion400m": (["The LAION-400M metadata read here comes in one part",
                   "Pairs went in only if they scored at least 0.3.",
                   "carries no language labels, so the divide cannot be counted", "LAION-400M (",
                   "Below are captions drawn at random", "This data carries neither score",
                   "This data carries no aesthetic scores"],
                  ["The LAION-5B metadata read here", "Its verdict split", "split by CLD3", "split by language",
                   "the essay rounds it", "within 0.1",
                   "of the candidates dropped", "picked by training on LAION"]),
    "aesthetic_v1": (["LAION-Aesthetics V1 metadata read here", "English pairs with a predicted aesthetic score",
                      "Pairs went in only if they scored at least 0.28", "is English by construction",
                      "Keeping only images scored"],
                     ["(laion5b)", "no published CLIP threshold", "Its verdict split"]),
    "aesthetic_v2": (["LAION-Aesthetics V2 metadata read here", "(improved_aesthetics_4.5plus)",
                      "Pairs went in only if they scored at least 0.28", "Keeping only images scored"],
                     ["(laion5b)", "no published CLIP threshold"]),
    "relaion_safe": (["The Re-LAION-5B research-safe metadata read here comes in three parts",
                      "Its verdict split the dataset", "The oddest entry is Luxembourgish"],
                     ["Re-LAION-5B research metadata"]),
    "relaion_research": (["The Re-LAION-5B research metadata read here comes in one part",
                          "Its verdict split LAION-5B into three subsets; the data read here holds"],
                         ["research-safe metadata"]),
    "datacomp": (["The DataComp CommonPool metadata read here", "no published CLIP threshold",
                  "carries no language labels", "This data carries no unsafe score to screen captions with",
                  "This data carries neither score"],
                 ["Below are captions drawn at random", "Its verdict split", "split by CLD3",
                  "of the candidates dropped", "Pairs went in only if"]),
    "coyo": (["The COYO-700M metadata read here", "is English by construction",
              "English captions only, chosen by CLD3", "no published CLIP threshold",
              "No caption in this data is labelled Luxembourgish"],
             ["split by CLD3", "of the candidates dropped", "Its verdict split", "biggest loser",
              "The detector labelled", "Pairs went in only if"]),
    "url_text": (["The LAION-format metadata read here", "in 1 parquet file.",
                  "This data has no CLIP similarity column, so the threshold",
                  "This data carries no unsafe score to screen captions with",
                  "carries no language labels", "This data carries neither score"],
                 ["Pairs went in only if", "Below are captions drawn at random", "The slider applies",
                  "crowd is thickest", "split by", "Raising it by another"]),
    "multi_only": (["The LAION-5B metadata read here comes in one part",
                    "Its verdict split LAION-5B into three subsets; the data read here holds",
                    "one for every", "At the top end, nobody: no pair scores 0.5 or more",
                    "none scores 0.5 or more"],
                   ["Its verdict split the dataset:", "captions judged English (", "the essay rounds it"]),
}


NO_LANGUAGE = ("laion400m", "datacomp", "url_text", "coyo", "aesthetic_v1", "aesthetic_v2")


def test_every_fixture_has_a_case():
    assert set(CASES) == set(FIXTURES)


@pytest.mark.parametrize("name", sorted(FIXTURES))
def test_what_each_fixture_says(built: dict[str, tuple[Path, Dataset]], name: str):
    ds = built[name][1]
    assert not ds.synthetic, name  # the replica's metadata was dropped: these read as real files
    text = text_of(ds)
    must, must_not = CASES[name]
    for s in must:
        assert s in text, f"{name}: missing {s!r}"
    for s in [*must_not, *NEVER]:
        assert s not in text, f"{name}: says {s!r}"
    # one of a thing is never "1 pairs" (small real files have single pairs above 0.5, single files)
    assert not re.findall(r"(?<![\d.,≈])1 (?:pairs|captions|files|parts|languages|sites|domains|score)\b", text), name


@pytest.mark.parametrize("name", sorted(FIXTURES))
def test_every_beat_speaks_and_draws_only_what_the_data_has(built: dict[str, tuple[Path, Dataset]], name: str):
    ds = built[name][1]
    drawable = {c.id for c in charts.available(ds)}
    for s in _steps(ds):
        for b in s.beats:
            assert b.paragraphs, f"{name}: an empty beat in {s.id}"  # an absent beat still says so
            assert b.chart is None or b.chart in drawable, f"{name}: {s.id} draws {b.chart}"
        # no slider over a step whose chart the data cannot draw
        assert not s.slider or any(b.chart for b in s.beats), f"{name}: {s.id}"


def _released(tmp: Path) -> list[dict[str, Any]]:
    return [r for f in sorted((tmp / "src").rglob("*.parquet")) for r in pq.read_table(f).to_pylist()]


def test_laion400m_shows_only_captions_tagged_unlikely(built: dict[str, tuple[Path, Dataset]]):
    tmp, ds = built["laion400m"]
    rows = _released(tmp)
    safe = {r["TEXT"] for r in rows if r["NSFW"] == "UNLIKELY"}
    unsafe_only = {r["TEXT"] for r in rows if r["NSFW"] != "UNLIKELY"} - safe
    assert unsafe_only, "the fixture must hold captions tagged UNSURE or NSFW only"
    samples = ds.aggregates.samples
    shown = [s.text for group in samples.sites.values() for s in group] + [s.text for s in samples.top_similarity]
    assert shown and set(shown) <= safe
    assert not set(shown) & unsafe_only


def test_release_names_subsets_and_cuts(built: dict[str, tuple[Path, Dataset]]):
    want = {
        "laion400m": ("LAION-400M", {"laion400m": 0.3}),
        "aesthetic_v1": ("LAION-Aesthetics V1", {"laion2B-en-aesthetic": 0.28}),
        "aesthetic_v2": ("LAION-Aesthetics V2", {"improved_aesthetics_4.5plus": 0.28}),
        "relaion_safe": ("Re-LAION-5B research-safe", {"laion2B-en": 0.28, "laion2B-multi": 0.26,
                                                       "laion1B-nolang": 0.26}),
        "url_text": ("LAION-format", {"laion5b": None}),
        "coyo": ("COYO-700M", {"coyo-700m": None}),
    }
    for name, (dataset, cuts) in want.items():
        ds = built[name][1]
        assert ds.manifest.dataset == dataset
        assert {s.name: s.published_threshold for s in ds.subsets} == cuts


@pytest.mark.parametrize("name", ["laion400m", "datacomp", "url_text"])  # no language, even by construction
def test_no_language_is_invented_without_a_language_column(built: dict[str, tuple[Path, Dataset]], name: str):
    ds = built[name][1]
    assert ds.aggregates.languages == []
    assert ds.aggregates.similarity.languages == {}
    assert not ds.aggregates.language_check.labels


@pytest.mark.parametrize("name", sorted(FIXTURES))
def test_pages_slides_and_embeds_follow_the_data(built: dict[str, tuple[Path, Dataset]], name: str):
    """The story page, the slides and every embed say none of the false sentences; a chart the data
    cannot draw has no embed."""
    from fastapi.testclient import TestClient

    from app.web.main import create_app

    ds = built[name][1]
    drawable = {c.id for c in charts.available(ds)}
    with TestClient(create_app(ds)) as c:
        pages = {"/": c.get("/"), "/present": c.get("/present")}
        pages |= {f"/embed/{cid}": c.get(f"/embed/{cid}") for cid in sorted(drawable)}
        for path, r in pages.items():
            assert r.status_code == 200, (name, path)
            text = html.unescape(r.text)
            # LAION's "und" (the detector found no language) is laion1B-nolang's own label; without a
            # language column or such a subset nothing may be labelled so
            invented = ["No language detected"] if name in NO_LANGUAGE else []
            for s in [*NEVER, "split by CLD3", *invented]:
                assert s not in text, f"{name} {path}: says {s!r}"
        for cid in sorted(set(charts.CHARTS) - drawable):
            assert c.get(f"/embed/{cid}").status_code == 404, (name, cid)
            assert c.get(f"/charts/{cid}.csv").status_code == 404, (name, cid)
        listed = c.get("/api/charts").json()
        listed = listed["charts"] if isinstance(listed, dict) else listed
        assert {x["id"] for x in listed} == drawable, name
        for x in listed:
            text = x["description"]
            assert not any(s in text for s in NEVER), (name, x["id"], text)
        assert c.get("/api/stats").status_code == 200, name


def test_published_subset_sizes_are_laion5b_s_own(built: dict[str, tuple[Path, Dataset]]):
    """The subsets table's published sizes are LAION's exact release counts (the replica's calibration
    source) on LAION-5B data, and absent on data that only shares its subset names."""
    from precompute.contract.reference import figure

    rows = {r["subset"]: r for r in charts.table(built["laion5b"][1], "subsets", 0.28)}
    assert rows["laion2B-multi"]["published_pairs"] == int(figure("multi_pairs_exact"))
    assert rows["laion1B-nolang"]["published_pairs"] == int(figure("nolang_pairs_exact"))
    for name in ("relaion_safe", "laion400m", "coyo"):
        assert all(r["published_pairs"] is None for r in charts.table(built[name][1], "subsets", 0.28)), name
