"""The story page over HTTP: every step renders with numbers from the data, on the synthetic default
and on a small real-format build; t handling; escaping of hostile captions; the JSON twin; assets."""

from __future__ import annotations

import html
import json
import re

import pytest
from fastapi.testclient import TestClient

from app import charts, story
from app.core import figures
from app.core import format as fmt
from app.core.dataset import Dataset, load
from app.core.figures import offset_bounds, site
from app.settings import Settings
from app.web.main import create_app
from tests.oracle import shard_counts
from tests.story.fixtures import build_real

STEP_IDS = ["opening", "sources", "threshold", "stack", "divide", "aesthetics", "safety", "method"]
STAT_RE = re.compile(r'data-stat="([^"]+)" data-value="([^"]+)" data-format="([^"]+)">([^<]*)<')



@pytest.fixture(scope="module")
def real_client(real_dataset: Dataset):
    with TestClient(create_app(real_dataset)) as c:
        yield c


@pytest.fixture(scope="module")
def bare_client(tmp_path_factory: pytest.TempPathFactory):
    """Real-format data without punsafe, pwatermark, aesthetic or language columns."""
    drop = ("punsafe", "pwatermark", "AESTHETIC_SCORE", "LANGUAGE")
    ds = load(build_real(tmp_path_factory.mktemp("bare"), drop=drop))
    with TestClient(create_app(ds)) as c:
        yield c


def stats_in(page: str) -> list[tuple[str, float, str, str]]:
    return [(k, float(v), f, html.unescape(text)) for k, v, f, text in STAT_RE.findall(page)]


def text_of(page: str) -> str:
    """The page as plain text: tags out, entities decoded (a rough reader's view)."""
    return html.unescape(re.sub(r"<[^>]+>", "", page))


# ---------------------------------------------------------------- the synthetic default


def test_every_step_renders_with_its_heading_and_charts(client, dataset):
    r = client.get("/")
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")
    page = r.text
    steps = story.build_steps(dataset, figures.default_t(dataset))
    assert [s.id for s in steps] == STEP_IDS
    for s in steps:
        assert re.search(f'<section class="step[^"]*" id="{s.id}"', page)
        assert html.escape(s.title, quote=False) in page
        assert s.paragraphs, s.id
        for chart in s.charts:
            assert f'data-chart="{chart}"' in page
    # every step has at least one chart on the synthetic default
    assert all(s.charts for s in steps)


def test_numbers_come_from_the_aggregates(client, dataset):
    page = text_of(client.get("/").text)
    assert dataset.synthetic
    pin = site(dataset, "Pinterest")
    assert fmt.estimate(pin.pairs * dataset.scale) in page  # e.g. ≈155M
    assert fmt.every(pin.share) in page  # "1 in 37.7", computed from the share
    # the essay's own rounding is quoted beside it, on LAION-5B data
    assert "the essay rounds it to about one in every forty" in page
    assert fmt.percent(site(dataset, "Shopify").share) in page
    assert fmt.estimate(site(dataset, "SlidePlayer").pairs * dataset.scale) in page
    total = sum(s.rows for s in dataset.subsets)
    assert fmt.estimate(total * dataset.scale) in page
    near = dataset.near_threshold
    assert fmt.percent(near["share"]) in page and fmt.estimate(near["pairs"] * dataset.scale) in page
    assert "Synthetic replica" in page and fmt.count(dataset.scale) in page
    # Luxembourgish: labelled captions as an estimate
    lb = sum(r.pairs for r in dataset.aggregates.languages if r.code == "lb")
    assert lb and fmt.estimate(lb * dataset.scale) in page


def test_live_numbers_count_what_the_shards_hold(client, dataset, synth_shards):
    """The page's live numbers against a plain count of the shards, and formatted by the one formatter."""
    for t in (0.28, 0.3, 0.312):
        page = client.get(f"/?t={t}").text
        counts = shard_counts(synth_shards, t)
        rows = sum(n for n, _ in counts.values())
        want = {"cut": t, "removed": sum(b for _, b in counts.values()), "kept": sum(n - b for n, b in counts.values()),
                **{f"removed.{name}": b for name, (_, b) in counts.items()}}
        want["removed_share"] = want["removed"] / rows
        found = stats_in(page)
        keys = {k for k, *_ in found}
        assert set(want) | {"next_001"} <= keys
        for key, value, kind, text in found:
            if key not in want:
                continue
            assert value == pytest.approx(want[key]), key
            if kind == "pairs":
                assert text == fmt.pairs(want[key], dataset.scale, dataset.synthetic)
            elif kind == "amount":  # chart descriptions: full-dataset counts
                assert text == (fmt.estimate if dataset.scale > 1 else fmt.count)(want[key] * dataset.scale)
            elif kind == "percent":
                assert text == fmt.percent(want[key])
            elif kind == "at_cut":
                assert text == f"a threshold of {fmt.threshold(want[key])}"
            else:
                assert kind == "cut" and text == fmt.threshold(want[key]), (key, kind)


def test_slider_is_a_plain_get_form(client, dataset):
    """The replica publishes per-subset thresholds: its slider is the offset slider (name d), from 0; a page
    opened at an absolute ?t= says so in the readout and leaves the offset slider at its start."""
    for q, value, said in (("t=0.3", "0.000", "0.300"), ("d=0.012", "0.012", "published +0.012")):
        page = client.get(f"/?{q}").text
        lo, hi = offset_bounds(dataset)
        forms = re.findall(r'<form class="slider[^"]*" method="get"[^>]*>.*?</form>', page, re.S)
        assert len(forms) == 2  # the threshold step and the language step
        for f in forms:
            assert re.search(r'<input type="range" id="[^"]+" name="d"', f)
            assert f'min="{fmt.threshold(lo)}"' in f and f'max="{fmt.threshold(hi)}"' in f
            assert 'step="0.001"' in f and f'value="{value}"' in f
            assert f'aria-valuetext="{said}: ' in f and '<button type="submit"' in f


def test_bad_t_is_a_422_naming_t(client):
    for q in ("t=2", "t=-0.1", "t=abc", "t=nan", "t=inf", "t="):
        r = client.get(f"/?{q}")
        assert r.status_code == 422, q
        body = r.json()
        assert body.get("parameter") == "t", q
    assert client.get("/story.json?t=1.5").status_code == 422


def test_t_snaps_to_the_grid_and_etag_revalidates(client):
    a = client.get("/?t=0.3001")
    b = client.get("/?t=0.300")
    assert a.text == b.text and a.headers["etag"] == b.headers["etag"]
    assert client.get("/?t=0.3", headers={"If-None-Match": a.headers["etag"]}).status_code == 304
    assert client.get("/?t=0.31").headers["etag"] != a.headers["etag"]


def test_story_json_twin(client, dataset):
    r = client.get("/story.json?t=0.3")
    assert r.status_code == 200 and r.headers["etag"]
    doc = r.json()
    assert doc["t"] == 0.3 and doc["dataset"]["synthetic"] is True
    assert [s["id"] for s in doc["steps"]] == STEP_IDS
    assert doc["threshold"]["removed"] == client.get("/api/threshold?t=0.3").json()["removed"]
    for s in doc["steps"]:
        assert s["title"] and s["kicker"] and s["beats"] and s["notes"] and s["number"] in range(1, 9)
    assert any(s["slider"] for s in doc["steps"])
    assert doc["essay"]["url"] == story.ESSAY_URL


def test_credit_links_the_essay(client):
    page = client.get("/").text
    assert page.count(f'href="{story.ESSAY_URL}"') >= 3  # masthead twice and the footer
    assert story.ESSAY_TITLE in page and story.ESSAY_AUTHORS in page


def test_page_loads_nothing_from_other_hosts(client):
    page = client.get("/").text
    for src in re.findall(r'\bsrc="([^"]*)"', page):
        assert src.startswith("/"), src
    base = Settings().public_base
    for tag, href in re.findall(r'(<link[^>]+href="([^"]*)")', page):
        # oEmbed discovery names the site's public address (a CMS reads it; the browser loads nothing)
        assert href.startswith("/") or ('rel="alternate"' in tag and href.startswith(base + "/oembed?")), href
    assert "<script>" not in page.replace('<script type="application/json"', "")  # no inline code
    assert not re.search(r"\son[a-z]+=", page)  # no inline event handlers


def test_data_block_is_inert_json(client, dataset):
    page = client.get("/").text
    m = re.search(r'<script type="application/json" id="explainer-data">(.*?)</script>', page, re.S)
    assert m
    data = json.loads(m.group(1))
    assert data["payload"] == json.loads(json.dumps(dataset.payload))
    assert data["synthetic"] is True and data["scale"] == dataset.scale
    assert set(data["charts"]) <= set(charts.CHARTS)


def test_static_assets_are_versioned_and_cached(client):
    page = client.get("/").text
    # the story lists Vega in <meta content> (loaded with the first chart), the rest in src and href
    urls = re.findall(r'(?:src|href|content)="(/static/[^"?]+\?v=[^"]+)"', page)
    assert any("vendor/vega-bundle.js?v=" in u for u in urls) and len(urls) >= 6
    for u in urls:
        r = client.get(html.unescape(u))
        assert r.status_code == 200, u
        assert r.headers["cache-control"] == "public, max-age=31536000, immutable"
        assert client.get(u, headers={"If-None-Match": r.headers["etag"]}).status_code == 304
    assert client.get("/static/js/explainer.js").headers["cache-control"] == "no-cache"
    assert client.get("/static/../app/settings.py").status_code == 404
    assert client.get("/static/%2e%2e/app/settings.py").status_code == 404
    assert client.get("/static/nope.js").status_code == 404


def test_cld3_examples_are_mislabelled_by_cld3():
    gcld3 = pytest.importorskip("gcld3")
    det = gcld3.NNetLanguageIdentifier(min_num_bytes=0, max_num_bytes=1000)
    for text in story.CLD3_EXAMPLES:
        assert det.FindLanguage(text=text).language != "en", text


def test_language_box_without_javascript(client):
    r = client.get("/", params={"text": "Men's Linen Shirt Navy"})
    assert r.status_code == 200
    box = r.text[r.text.index('id="cld3"'):]
    assert "Luxembourgish" in box[:4000] and 'value="Men&#39;s Linen Shirt Navy"' in box
    assert client.get("/", params={"text": "x" * 1001}).status_code == 422


# ---------------------------------------------------------------- real-format metadata (synthetic=false)


def test_real_data_shows_counts_not_estimates(real_client, real_dataset):
    r = real_client.get("/")
    assert r.status_code == 200
    page = text_of(r.text)
    assert not real_dataset.synthetic
    assert 'class="badge"' not in r.text and "synthetic-note" not in r.text
    pin = site(real_dataset, "Pinterest")
    assert fmt.count(pin.pairs) in page and fmt.percent(pin.share) in page
    # it opens in the offset mode at d = 0 (LAION's subsets publish thresholds): nothing removed
    assert all(v == 0 for k, v, *_ in stats_in(r.text) if k == "removed" or k.startswith("removed."))
    r = real_client.get("/?t=0.28")
    counts = shard_counts(real_dataset.path.parent / "shards", 0.28)  # tests/story/fixtures.py's layout
    want = {"removed": sum(b for _, b in counts.values()), **{f"removed.{n}": b for n, (_, b) in counts.items()}}
    found = stats_in(r.text)
    assert set(want) <= {k for k, *_ in found}
    for key, value, kind, text in found:
        if key in want:
            assert value == want[key], key
        if kind == "pairs":
            assert text == fmt.count(value) and "≈" not in text
    for sid in STEP_IDS:
        assert f'id="{sid}"' in r.text


def test_hostile_captions_are_escaped(real_client, real_dataset):
    page = real_client.get("/").text
    shown = [c.text for cs in real_dataset.aggregates.samples.sites.values() for c in cs]
    assert any("<script>" in t or "onerror" in t for t in shown), "fixture should put hostile captions on the page"
    for bad in ("<script>alert(1)</script>", "<img src=x onerror", "<svg onload", "<b>long</b>"):
        assert bad not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    if "{{7*7}}" in shown:  # data is never evaluated as a template
        assert "{{7*7}}" in page
    # the 5,000-character caption is cut short
    assert "x" * 400 not in page
    m = re.search(r'<script type="application/json" id="explainer-data">(.*?)</script>', page, re.S)
    assert m and "<" not in m.group(1)  # nothing in the data block can close the script element


def test_missing_columns_give_notes_not_errors(bare_client):
    r = bare_client.get("/")
    assert r.status_code == 200
    page = text_of(r.text)
    assert "no aesthetic score column" in page
    assert "no punsafe column" in page and "no pwatermark column" in page
    assert 'data-chart="aesthetic"' not in r.text and 'data-chart="safety"' not in r.text
    assert bare_client.get("/story.json").status_code == 200
