"""HTTP tests of the JSON API and the chart downloads: shapes, the threshold arithmetic against counts
taken from the shards, every error path (422/404 with a JSON body naming the parameter, never a 500),
ETags, and that every download opens."""

from __future__ import annotations

import csv
import io
import math
import random
import struct
import xml.etree.ElementTree as ET
from collections.abc import Iterator

import jsonschema
import pytest
from altair.vegalite.v6.schema import load_schema
from fastapi.testclient import TestClient
from hypothesis import given, settings
from hypothesis import strategies as st

from app import charts
from app.charts.theme import THEMES
from app.core.dataset import Dataset
from app.core.threshold import MAX_D, bin_of
from app.web.main import create_app
from app.web.views.downloads import PNG_SCALE, RENDER_WIDTH, csv_text
from precompute.contract.reference import speakers
from tests.chart_data import HOSTILE_DOMAINS, small_laion, with_hostile_domains, without_columns
from tests.oracle import shard_counts

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


@pytest.fixture(scope="module")
def small(tmp_path_factory: pytest.TempPathFactory) -> Dataset:
    return small_laion(tmp_path_factory.mktemp("api-small-laion"))


def _client(ds: Dataset) -> Iterator[TestClient]:
    with TestClient(create_app(ds)) as c:
        yield c


@pytest.fixture(params=["synthetic", "real-format"])
def api(request: pytest.FixtureRequest) -> Iterator[TestClient]:
    """The API over the synthetic replica and over a small real-format build."""
    if request.param == "synthetic":
        yield request.getfixturevalue("client")
    else:
        yield from _client(request.getfixturevalue("small"))


def _ds(c: TestClient) -> Dataset:
    return c.app.state.web.ds


def _error(r, status: int, parameter: str | None) -> dict:
    assert r.status_code == status, (r.status_code, r.text)
    assert r.headers["content-type"].startswith("application/json")
    body = r.json()
    assert body["error"] in ("invalid parameter", "not found") and body["detail"]
    assert body["parameter"] == parameter, body
    return body


def test_healthz(api: TestClient) -> None:
    r = api.get("/healthz")
    assert r.status_code == 200
    body = r.json()
    assert body["ok"] is True and body["rows"] == _ds(api).manifest.rows and body["etag"] == _ds(api).etag


def test_stats_shape(api: TestClient) -> None:
    ds = _ds(api)
    body = api.get("/api/stats").json()
    m = body["manifest"]
    assert m["synthetic"] == ds.synthetic and m["scale"] == ds.scale and m["rows"] == ds.manifest.rows
    assert all("/" not in i["path"] for i in m.get("inputs", []))  # file names, not server paths
    assert {s["name"]: (s["rows"], s["published_threshold"]) for s in body["subsets"]} == {
        s.name: (s.rows, s.published_threshold) for s in ds.subsets}
    assert [s["site"] for s in body["sites"]] == ["Pinterest", "Shopify", "SlidePlayer"]
    for s in body["sites"]:
        assert set(s) >= {"site", "domain", "pairs", "share"}
        assert s["share"] == pytest.approx(s["pairs"] / ds.aggregates.total_pairs)
    langs = {lang["code"]: lang for lang in body["languages"]}
    assert langs["en"]["name"] == "English" and langs["en"]["speakers"] == int(speakers()["en"]["speakers"])
    assert all(set(lang) >= {"code", "name", "pairs", "speakers"} for lang in body["languages"])
    if "und" in langs:
        assert langs["und"]["speakers"] is None
    assert sum(lang["pairs"] for lang in body["languages"]) == ds.aggregates.total_pairs


def test_threshold_counts_what_the_shards_hold(client: TestClient, synth_shards) -> None:
    """/api/threshold against a plain DuckDB count of the replica's shards (no code of the build or the app)."""
    rng = random.Random(3)
    for t in [0, 0.26, 0.28, 0.3, 0.5, 1, 0.3004, 0.2995] + [round(rng.uniform(0, 0.6), 4) for _ in range(12)]:
        r = client.get("/api/threshold", params={"t": t})
        assert r.status_code == 200, r.text
        body = r.json()
        grid = math.floor(t * 1000 + 0.5) / 1000  # the grid rounds halves up (DESIGN: Python and JS alike)
        counts = shard_counts(synth_shards, grid)
        assert body["t"] == grid
        assert {s["name"]: (s["rows"], s["removed"]) for s in body["subsets"]} == counts, t
        assert body["removed"] == sum(b for _, b in counts.values())
        assert body["kept"] == sum(n - b for n, b in counts.values())
        assert body["removed_share"] == pytest.approx(body["removed"] / sum(n for n, _ in counts.values()))


def test_threshold_shape(api: TestClient) -> None:
    for t in (0, 0.28, 0.3, 1):
        body = api.get("/api/threshold", params={"t": t}).json()
        assert set(body) >= {"t", "kept", "removed", "removed_share", "subsets"}
        assert body["kept"] + body["removed"] == body["rows"]
        assert body["removed"] == sum(s["removed"] for s in body["subsets"])
        assert all(set(s) >= {"name", "kept", "removed"} for s in body["subsets"])
        assert body["t"] == bin_of(t) / 1000


BAD_T = ["-0.1", "1.5", "abc", "nan", "NaN", "inf", "-inf", "", " ", "0.3.1", "1e400", "0x10"]


@pytest.mark.parametrize("t", BAD_T)
def test_bad_t_is_422_naming_t(api: TestClient, t: str) -> None:
    for url in ("/api/threshold", "/api/charts", "/charts/similarity.svg", "/charts/removed.csv"):
        _error(api.get(url, params={"t": t}), 422, "t")


def test_missing_t_is_422(api: TestClient) -> None:
    body = _error(api.get("/api/threshold"), 422, "t")
    assert "required" in body["detail"].lower()


def test_unknown_chart_and_format_are_404(api: TestClient) -> None:
    for fmt in ("svg", "png", "csv", "json"):
        _error(api.get(f"/charts/no-such-chart.{fmt}"), 404, "chart")
    _error(api.get("/charts/similarity.gif"), 404, "fmt")
    _error(api.get("/charts/similarity.svg", params={"theme": "pink"}), 422, "theme")


def test_unavailable_chart_is_404_not_500(small: Dataset) -> None:
    for c in _client(without_columns(small, "aesthetic")):
        body = _error(c.get("/charts/aesthetic.svg"), 404, "chart")
        assert "aesthetic" in body["detail"]
        assert "aesthetic" not in {x["id"] for x in c.get("/api/charts").json()}
        assert c.get("/charts/similarity.csv").status_code == 200


def test_chart_list(api: TestClient) -> None:
    ds = _ds(api)
    body = api.get("/api/charts").json()
    assert [c["id"] for c in body] == [c.id for c in charts.available(ds)]
    for c in body:
        d = charts.CHARTS[c["id"]]
        assert (c["title"], c["step"], c["live"]) == (d.title, d.step, d.live)
        assert c["embed_url"] == f"/embed/{c['id']}"
        assert c["downloads"] == {f: f"/charts/{c['id']}.{f}" for f in ("svg", "png", "csv", "json")}
    at = api.get("/api/charts", params={"t": 0.31}).json()
    assert at[0]["embed_url"].endswith("?t=0.310") and at[0]["downloads"]["png"].endswith(".png?t=0.310")


def test_language_detection(api: TestClient) -> None:
    r = api.get("/api/language", params={"text": "Das ist ein schönes Haus mit einem großen Garten am See."})
    assert r.status_code == 200
    body = r.json()
    assert body["cld3"]["code"] == "de" and body["cld3"]["name"] == "German"
    assert 0 <= body["cld3"]["probability"] <= 1 and isinstance(body["cld3"]["is_reliable"], bool)
    assert body["lingua"]["code"] == "de" and body["lingua"]["name"] == "German" and body["agree"] is True
    empty = api.get("/api/language", params={"text": ""}).json()
    assert empty["cld3"]["code"] == "und" and empty["lingua"]["code"] is None
    assert api.get("/api/language", params={"text": "x" * 1000}).status_code == 200
    _error(api.get("/api/language", params={"text": "x" * 1001}), 422, "text")
    _error(api.get("/api/language"), 422, "text")


def test_etags_and_304(api: TestClient) -> None:
    for url in ("/api/stats", "/api/threshold?t=0.3", "/api/charts", "/charts/subsets.csv?t=0.3"):
        r = api.get(url)
        assert r.status_code == 200
        etag = r.headers["etag"]
        assert "max-age" in r.headers["cache-control"]
        again = api.get(url, headers={"If-None-Match": etag})
        assert again.status_code == 304 and again.content == b"" and again.headers["etag"] == etag
        assert api.get(url, headers={"If-None-Match": f'W/{etag}, "other"'}).status_code == 304
        assert api.get(url, headers={"If-None-Match": '"stale"'}).status_code == 200
    a = api.get("/api/threshold?t=0.3").headers["etag"]
    assert api.get("/api/threshold?t=0.31").headers["etag"] != a
    assert api.get("/api/threshold?t=0.3000").headers["etag"] == a  # same grid point, same answer


def test_etags_change_with_the_data(small: Dataset) -> None:
    """A body's ETag is the hash of its bytes: other data, other tags; the same data, the same tags."""
    urls = ("/api/stats", "/api/threshold?t=0.3", "/charts/sites.csv")
    tags = {}
    for variant in (small, with_hostile_domains(small), small):
        for c in _client(variant):
            tags.setdefault(variant.etag, []).append([c.get(u).headers["etag"] for u in urls])
    same, hostile = tags[small.etag], tags[small.etag + "-hostile"][0]
    assert same[0] == same[1]
    assert hostile[2] != same[0][2] and hostile[1] == same[0][1]  # the threshold does not see the domains


def test_openapi_documents_the_api(api: TestClient) -> None:
    doc = api.get("/openapi.json").json()
    for path in ("/api/stats", "/api/threshold", "/api/charts", "/api/language", "/healthz",
                 "/charts/{chart}.{fmt}"):
        assert path in doc["paths"], path
    params = {p["name"]: p for p in doc["paths"]["/api/threshold"]["get"]["parameters"]}
    # t or d (the offset mode): neither alone is required, giving none is a 422 naming t
    assert params["t"]["schema"]["anyOf"][0]["maximum"] == 1 and params["d"]["schema"]["anyOf"][0]["maximum"] == MAX_D
    schemas = doc["components"]["schemas"]
    assert {"Stats", "Threshold", "ChartInfo", "LanguageResult", "Health", "Error"} <= set(schemas)


def _png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == PNG_SIGNATURE and data[12:16] == b"IHDR"
    return struct.unpack(">II", data[16:24])


def test_every_download_opens(api: TestClient) -> None:
    ds = _ds(api)
    validator = jsonschema.Draft7Validator(load_schema())
    for c in charts.available(ds):
        svg = api.get(f"/charts/{c.id}.svg", params={"t": 0.3})
        assert svg.status_code == 200 and svg.headers["content-type"].startswith("image/svg+xml")
        assert f"laion-explainer-{c.id}-t0.300.svg" in svg.headers["content-disposition"]
        root = ET.fromstring(svg.content)
        text = " ".join(el.text or "" for el in root.iter())
        assert c.title in text
        assert ("synthetic replica" in text) == ds.synthetic and "Models All The Way Down" in text
        assert "script" not in {el.tag.rsplit("}", 1)[-1] for el in root.iter()}

        png = api.get(f"/charts/{c.id}.png", params={"t": 0.3})
        assert png.status_code == 200 and png.headers["content-type"] == "image/png"
        width, height = _png_size(png.content)
        assert width == RENDER_WIDTH * PNG_SCALE and height > 100

        rows = list(csv.reader(io.StringIO(api.get(f"/charts/{c.id}.csv", params={"t": 0.3}).text)))
        assert rows[0] == list(c.table(ds, 0.3)[0].keys()) and len(rows) > 1

        spec = api.get(f"/charts/{c.id}.json", params={"t": 0.3}).json()
        assert not [e.message for e in validator.iter_errors(spec)], c.id
        assert spec["width"] == RENDER_WIDTH
    dark = api.get("/charts/similarity.svg", params={"t": 0.3, "theme": "dark"})
    assert THEMES["dark"]["background"] in dark.text and "-dark.svg" in dark.headers["content-disposition"]


def test_csv_formula_cells_are_escaped(small: Dataset) -> None:
    text = csv_text([{"a": "=1+1", "b": "+1", "c": "-1", "d": "@SUM(A1)", "e": "\tx", "f": "\rx", "g": "ok",
                      "n": -3, "x": None, "y": True}])
    header, row = list(csv.reader(io.StringIO(text)))
    assert row == ["'=1+1", "'+1", "'-1", "'@SUM(A1)", "'\tx", "'\rx", "ok", "-3", "", "true"]
    for c in _client(with_hostile_domains(small)):
        rows = list(csv.DictReader(io.StringIO(c.get("/charts/sites.csv").text)))
        sources = [r["source"] for r in rows]
        assert "'=HYPERLINK(\"http://x\",\"y\").com" in sources and "'@cmd.io" in sources
        for r in rows:
            for v in r.values():
                assert not v.startswith(("=", "+", "-", "@", "\t", "\r")), v
        assert all(not str(k).startswith(("=", "+", "-", "@")) for k in rows[0])
        svg = c.get("/charts/sites.svg")
        assert svg.status_code == 200 and "default-src 'none'" in svg.headers["content-security-policy"]
        ET.fromstring(svg.content)
        assert HOSTILE_DOMAINS[0][:10] in svg.text


@pytest.mark.parametrize("url", [
    "/api/threshold?t=0.3&t=0.4", "/api/threshold?t=%00", "/api/threshold?t=%E2%80%AE1", "/charts/.svg",
    "/charts/similarity..svg", "/charts/similarity.svg?theme=", "/charts/similarity.svg?inline=maybe",
    "/api/language?text=%00%01", "/api/language?text=%F0%9F%98%80", "/api/charts?t=",
    "/charts/%3Cscript%3E.svg", "/api/stats?t=abc",
])
def test_odd_requests_never_500(api: TestClient, url: str) -> None:
    r = api.get(url)
    assert r.status_code in (200, 404, 422), (url, r.status_code, r.text)
    assert r.headers["content-type"].startswith(("application/json", "image/svg+xml"))


@pytest.fixture(scope="module")
def small_client(small: Dataset) -> Iterator[TestClient]:
    yield from _client(small)


@settings(max_examples=150, deadline=None)
@given(t=st.one_of(st.text(max_size=12), st.floats(allow_nan=True, allow_infinity=True).map(repr)))
def test_any_t_is_200_or_422(small_client: TestClient, t: str) -> None:
    r = small_client.get("/api/threshold", params={"t": t})
    assert r.status_code in (200, 422), (t, r.status_code)
    if r.status_code == 200:
        body = r.json()
        assert 0 <= float(t) <= 1 and body["t"] == bin_of(float(t)) / 1000
        assert body["kept"] + body["removed"] == body["rows"] == _ds(small_client).manifest.rows
    else:
        assert r.json()["parameter"] == "t"


@settings(max_examples=40, deadline=None)
@given(text=st.text(max_size=1100))
def test_any_text_is_200_or_422(small_client: TestClient, text: str) -> None:
    r = small_client.get("/api/language", params={"text": text})
    assert r.status_code == (200 if len(text) <= 1000 else 422), (len(text), r.text[:200])
