"""The offset mode (?d=): every subset's cut raised by d above its own published threshold.

Checked against a plain DuckDB count of the replica's shards with the published thresholds taken from
the cited reference table (tests/oracle.py; no code of the build or the app), and against the essay's
937,489,831 for d = 0.01."""

from __future__ import annotations

import random
import re

import pytest
from fastapi.testclient import TestClient

from app.core.figures import default_cut
from app.core.threshold import Cut
from precompute.contract.reference import figure
from tests.oracle import shard_band_counts

# the essay's per-subset cuts, from the reference table (not from the manifest the app reads)
PUBLISHED = {"laion2B-en": figure("threshold_en"), "laion2B-multi": figure("threshold_other"),
             "laion1B-nolang": figure("threshold_other")}
ESSAY_REMOVED = figure("removed_by_plus_0_01")  # 937,489,831
TOLERANCE = 0.015  # the "within 1.5%"


def grid(x: float) -> float:
    return int(x * 1000 + 0.5) / 1000


def test_offset_counts_what_the_shards_hold(client: TestClient, synth_shards) -> None:
    rng = random.Random(4)
    for d in [0, 0.001, 0.01, 0.0105, 0.02, 0.1, 0.22, 0.5] + [round(rng.uniform(0, 0.25), 4) for _ in range(8)]:
        r = client.get("/api/threshold", params={"d": d})
        assert r.status_code == 200, r.text
        body = r.json()
        assert body["mode"] == "offset" and body["d"] == grid(d) and body["t"] is None
        cuts = {name: (pub, pub + grid(d)) for name, pub in PUBLISHED.items()}
        counts = shard_band_counts(synth_shards, cuts)
        assert {s["name"]: (s["rows"], s["removed"]) for s in body["subsets"]} == counts, d
        assert {s["name"]: s["cut"] for s in body["subsets"]} == {n: grid(lo + grid(d)) for n, lo in PUBLISHED.items()}
        assert body["removed"] == sum(b for _, b in counts.values())
        assert body["kept"] + body["removed"] == body["rows"]
        # the site and language mixes add up to what is kept
        assert sum(s["kept"] for s in body["sites"]) == body["kept"]
        assert sum(lang["kept"] for lang in body["languages"]) == body["kept"]


def test_d_0_01_reproduces_the_essays_937m(client: TestClient) -> None:
    body = client.get("/api/threshold", params={"d": 0.01}).json()
    estimate = body["removed"] * body["scale"]
    assert abs(estimate - ESSAY_REMOVED) / ESSAY_REMOVED < TOLERANCE, estimate


def test_d_0_removes_nothing_while_t_at_the_lowest_threshold_does(client: TestClient) -> None:
    """Pairs whose released score is below their own subset's threshold: the absolute t counts them, no offset does."""
    off = client.get("/api/threshold", params={"d": 0}).json()
    assert off["removed"] == 0
    at = client.get("/api/threshold", params={"t": figure("threshold_other")}).json()
    multi = next(s for s in at["subsets"] if s["name"] == "laion2B-multi")
    assert multi["removed"] == multi["below_published"] > 0


@pytest.mark.parametrize("q", [{"d": "-0.01"}, {"d": "0.6"}, {"d": "nan"}, {"d": "abc"}, {"d": "inf"},
                               {"t": "0.3", "d": "0.01"}])
def test_bad_d_is_422_naming_d(client: TestClient, q: dict) -> None:
    for url in ("/api/threshold", "/api/charts", "/charts/removed.csv", "/embed/removed", "/", "/present",
                "/story.json"):
        r = client.get(url, params=q)
        assert r.status_code == 422, (url, q, r.status_code)
        body = r.json()
        assert body["parameter"] == "d" and "d" in body["detail"], (url, body)


def test_pages_embeds_and_downloads_take_d(client: TestClient) -> None:
    ds = client.app.state.web.ds
    assert default_cut(ds) == Cut(d=0)
    removed = ds.threshold(Cut(d=0.01))["removed"]
    rows = client.get("/charts/removed.csv", params={"d": 0.01}).text.splitlines()
    assert rows[0].startswith("subset,cut,")
    assert sum(int(r.split(",")[3]) for r in rows[1:]) == removed
    story = client.get("/story.json", params={"d": 0.01}).json()
    assert story["d"] == 0.01 and story["threshold"]["removed"] == removed
    embed = client.get("/embed/removed.json", params={"d": 0.01}).json()
    assert embed["d"] == 0.01 and "each subset's published threshold +0.010" in embed["chart"]["description"]
    page = client.get("/embed/removed", params={"d": 0.01}).text
    assert 'name="d"' in page and 'value="0.010"' in page
    assert client.get("/present", params={"d": 0.01}).status_code == 200
    r = client.get("/charts/removed.svg", params={"d": 0.01})
    assert r.status_code == 200 and "-d0.010" in r.headers["content-disposition"]


def test_one_default_everywhere(client: TestClient) -> None:
    """Story, embeds, downloads, /api/charts and oEmbed open at the same place: d = 0 on the replica."""
    ds = client.app.state.web.ds
    at0 = ds.threshold(Cut(d=0))
    described = {c["id"]: c["description"] for c in client.get("/api/charts").json()}
    assert described == {c["id"]: c["description"] for c in client.get("/api/charts", params={"d": 0}).json()}
    assert client.get("/story.json").json()["threshold"] == at0
    assert client.get("/embed/removed.json").json()["chart"]["description"] == described["removed"]
    assert client.get("/charts/removed.csv").text == client.get("/charts/removed.csv", params={"d": 0}).text
    o = client.get("/oembed", params={"url": "http://testserver/embed/removed"}).json()
    assert "d=0.000" in o["embed_url"]
    page = client.get("/").text
    assert 'name="d"' in page and 'name="t"' not in page.split("<main", 1)[1].split("</form>", 1)[0]


@pytest.mark.parametrize("profile", ["datacomp", "coyo"])
def test_data_without_published_thresholds_keeps_the_absolute_slider(profile, tmp_path) -> None:
    from app.core.dataset import load
    from app.core.figures import default_t
    from app.web.main import create_app
    from tests.story.fixtures import build_other

    ds = load(build_other(tmp_path, profile))
    assert default_cut(ds) == Cut(t=default_t(ds))
    with TestClient(create_app(ds)) as c:
        page = c.get("/").text
        assert 'name="d"' not in page and re.search(r'type="range" id="[^"]+" name="t"', page)
        body = c.get("/api/threshold", params={"d": 0.01}).json()
        # no published threshold, no cut to raise: nothing removed, every subset uncut
        assert body["removed"] == 0 and all(s["cut"] is None for s in body["subsets"])
        assert c.get("/embed/removed").status_code in (200, 404)
