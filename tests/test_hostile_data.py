"""Hostile data through the pipeline, without a browser: what the samples keep and leave out, what
the server writes, what the CSV downloads hold, and what the build does with invalid UTF-8.
(tests/browser/test_hostile.py shows in Chromium that none of it runs.)"""

from __future__ import annotations

import csv
import html
import io
import re
import subprocess
import sys
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from fastapi.testclient import TestClient

from app.core.dataset import Dataset, load
from app.core.text import neutralise
from app.web.main import create_app
from app.web.views.downloads import FORMULA_START
from precompute.contract.models import Sample
from tests.fixtures import laion_table
from tests.hostile_corpus import (
    HOSTILE_CAPTIONS,
    HOSTILE_HOSTS,
    NULL_MARK,
    UNSAFE_MARK,
    all_urls,
    build_corpus,
)

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("hostile")
    build_corpus(root)
    return root


@pytest.fixture(scope="module")
def ds(corpus: Path) -> Dataset:
    return load(corpus / "aggregates")


@pytest.fixture(scope="module")
def hclient(ds: Dataset):
    with TestClient(create_app(ds)) as c:
        yield c


@pytest.fixture(scope="module")
def served(hclient: TestClient) -> dict[str, str]:
    return served_texts(hclient)


def all_samples(ds: Dataset) -> list[Sample]:
    s = ds.aggregates.samples
    rows = [r for group in s.sites.values() for r in group]
    rows += [r for group in s.languages.values() for r in group]
    return rows + s.top_similarity


def served_texts(client: TestClient) -> dict[str, str]:
    """Everything a reader or a script can fetch that is derived from the captions or hosts."""
    paths = ["/", "/story.json", "/api/stats", "/api/threshold?t=0.3", "/api/charts"]
    charts = [c["id"] for c in client.get("/api/charts").json()]
    paths += [f"/charts/{c}.{f}" for c in charts for f in ("csv", "json", "svg")]
    paths += [c["embed_url"] for c in client.get("/api/charts").json()]
    paths += [p for p in ("/present", "/present/notes") if client.get(p).status_code == 200]
    out = {}
    for p in paths:
        r = client.get(p)
        assert r.status_code == 200, p
        out[p] = r.text
    return out


def test_every_hostile_caption_is_a_sample_and_nothing_else_is(ds: Dataset):
    texts = {r.text for r in all_samples(ds)}
    # the corpus reaches the page whole (see hostile_corpus.py), without its control and bidi characters
    assert texts == {neutralise(c) for c in HOSTILE_CAPTIONS}


def test_samples_hold_text_and_domain_only(ds: Dataset, corpus: Path):
    urls = all_urls(corpus)
    for r in all_samples(ds):
        assert set(r.model_dump()) <= {"text", "domain", "subset", "lang", "similarity"}, r
        assert "/" not in r.domain and not r.domain.startswith("http"), r
    blob = ds.aggregates.model_dump_json()
    assert not [u for u in urls if u in blob]
    assert "/safe/" not in blob and "/unsafe/" not in blob


def test_rows_over_the_unsafe_threshold_are_never_samples(ds: Dataset, corpus: Path):
    # the corpus has unsafe rows at exactly 0.5 and above, and rows without a score, at every site
    blob = ds.aggregates.samples.model_dump_json()
    assert UNSAFE_MARK not in blob and NULL_MARK not in blob
    unsafe = ds.aggregates.punsafe
    assert sum(sum(h.counts) for h in unsafe.values()) > 0  # they were counted, only not shown


def test_nothing_served_carries_a_url_or_an_unsafe_caption(served: dict[str, str], corpus: Path):
    urls = all_urls(corpus)
    for path, text in served.items():
        assert UNSAFE_MARK not in text and NULL_MARK not in text, path
        assert not [u for u in urls if u in text], path
        assert not re.search(r"<img[^>]+src=\"https?://", text), path  # never an image from the data


def test_server_html_escapes_captions_and_hosts(served: dict[str, str]):
    pages = {p: t for p, t in served.items() if not p.startswith(("/api", "/charts", "/story.json"))}
    for path, page in pages.items():
        # markup from the data appears only escaped (JSON in script elements escapes "<" as \u003c)
        for bad in ("<script>alert(", "<img src=x", "<svg onload", "<iframe", "<math>", "<a href=\"javascript:"):
            assert bad not in page, (path, bad)
    story = pages["/"]
    text = html.unescape(re.sub(r"<[^>]+>", "", story))
    for caption in map(neutralise, HOSTILE_CAPTIONS):
        shown = caption if len(caption) <= 280 else caption[:279]
        # shown as text, {{7*7}} and {% raw %} included (never evaluated): the reader sees the attack
        assert shown in text, caption[:60]


# the direction overrides, isolates, marks and NUL the corpus carries, also as JSON escapes
ESCAPED_HAZARD = re.compile(r"\\u(?:202[a-e]|206[6-9]|200[bef]|0000|feff)", re.I)


def test_nothing_served_carries_control_or_bidi_characters(served: dict[str, str]):
    """HTML, SVG charts (their tooltips and titles), CSV downloads and JSON: the corpus's U+202E,
    U+2066-2069, zero-width and BOM characters are gone from every one (app/core/text.py)."""
    assert any("RTL override" in text for text in served.values())  # the caption that carried them is served
    for path, text in served.items():
        assert neutralise(text) == text, (path, sorted({hex(ord(c)) for c in set(text) - set(neutralise(text))}))
        assert not ESCAPED_HAZARD.search(text), (path, ESCAPED_HAZARD.search(text))


def _data_rows(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text)))


def _is_number(cell: str) -> bool:
    try:
        float(cell)
    except ValueError:
        return False
    return True


def test_csv_downloads_neutralise_formulas(hclient: TestClient):
    charts = [c["id"] for c in hclient.get("/api/charts").json()]
    defused = []
    for c in charts:
        rows = _data_rows(hclient.get(f"/charts/{c}.csv").text)
        assert len(rows) >= 2, c
        for row in rows:
            for cell in row:
                if _is_number(cell):
                    continue  # -0.25 is a number, not a formula
                assert not cell.startswith(FORMULA_START), (c, cell)
                if cell.startswith("'") and cell[1:].startswith(FORMULA_START):
                    defused.append(cell)
    # the hostile host names did reach the CSVs, defused
    assert {"'=1+2.com", "'+sum(1,2).org", "'-2+3.net"} <= set(defused)
    sites = hclient.get("/charts/sites.csv").text
    assert "<img src=x onerror=alert(10)>.com" in sites  # CSV is data: markup stays as it was written


def test_hostile_host_names_reach_the_charts(ds: Dataset):
    domains = {d.domain for d in ds.aggregates.domains.top}
    assert {"=1+2.com", "<img src=x onerror=alert(10)>.com", "{{7*7}}.com"} <= domains
    assert set(HOSTILE_HOSTS) & domains


def test_oembed_does_not_reflect_markup(hclient: TestClient):
    if hclient.get("/oembed").json().get("parameter") == "path":
        pytest.skip("no oEmbed endpoint in this build")
    for url in ['http://testserver/embed/sites?t=0.3"><script>alert(1)</script>',
                "http://testserver/embed/<img src=x onerror=alert(1)>",
                "javascript:alert(1)//http://testserver/embed/sites",
                "http://testserver/embed/sites?theme=\"onload=alert(1)"]:
        r = hclient.get("/oembed", params={"url": url})
        assert r.status_code < 500 and r.headers["content-type"] == "application/json", url
        if r.status_code == 200:
            snippet = r.json()["html"]  # pasted into CMS pages as is: must not carry the attack
            assert "<script>alert" not in snippet and "onerror=" not in snippet and "javascript:" not in snippet
            assert '"onload' not in snippet, snippet
        else:
            assert r.json()["parameter"] == "url", r.json()


# ---------------------------------------------------------------- invalid UTF-8


def _invalid_utf8_shard(tmp: Path, column: str = "TEXT", as_binary: bool = False) -> Path:
    t = laion_table(200, 3)
    raw = [s.encode() for s in t.column(column).to_pylist()]
    raw[7] = b"caf\xe9 \xff\xfe broken \xc3\x28"
    arr = pa.array(raw, pa.binary())
    t = t.set_column(t.column_names.index(column), column, arr if as_binary else arr.view(pa.string()))
    path = tmp / "shards" / "laion2B-en" / "part-00000-utf8-c000.snappy.parquet"
    path.parent.mkdir(parents=True, exist_ok=True)
    pq.write_table(t, path)
    return path


def _build_cli(tmp: Path) -> subprocess.CompletedProcess[str]:
    cmd = [sys.executable, "-m", "precompute", "build", "--input", str(tmp / "shards" / "*" / "*.parquet"),
           "--out", str(tmp / "agg")]
    return subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT, timeout=300)


@pytest.mark.parametrize("column", ["TEXT", "URL"])
def test_invalid_utf8_text_rejects_the_file_naming_file_and_column(tmp_path: Path, column: str):
    # chosen behaviour: reject (exit 2), not decode with replacement, so counts are never of altered text
    path = _invalid_utf8_shard(tmp_path, column)
    r = _build_cli(tmp_path)
    assert r.returncode == 2, r.stderr
    assert str(path) in r.stderr and f"column {column}" in r.stderr and "UTF-8" in r.stderr, r.stderr
    assert "Traceback" not in r.stderr
    assert not (tmp_path / "agg").exists()  # nothing half-built is published


def test_binary_caption_column_is_rejected_naming_it(tmp_path: Path):
    path = _invalid_utf8_shard(tmp_path, "TEXT", as_binary=True)
    r = _build_cli(tmp_path)
    assert r.returncode == 2 and str(path) in r.stderr and "column TEXT" in r.stderr, r.stderr
