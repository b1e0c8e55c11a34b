"""HTTP tests of the render pool (app/web/renders.py), its disk cache (app/web/render_cache.py) and the
language box's bounds (app/web/language.py, app/web/views/language_page.py).

Renders are made deterministic with a latch: the pool's job runs in a thread of the test process and
waits on an Event the test sets, so "the queue is full" and "a render is under way" are states the
test puts the app in, not timings it hopes for. One test drives the real render processes.
"""

from __future__ import annotations

import gzip
import os
import stat
import threading
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from app.core import languages
from app.core.dataset import Dataset
from app.core.threshold import Cut
from app.settings import Settings
from app.web import render_worker
from app.web.language import MIN_LETTERS, NOT_ENOUGH, RateLimiter, letters
from app.web.main import create_app
from app.web.render_cache import DiskCache, write_atomic
from app.web.render_worker import Job
from app.web.views.story import story_data, story_html
from tests.chart_data import with_hostile_domains

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
SAFETY = 60  # s: how long a latch may hold before the test gives up (a hang guard, never a measurement)


class Renders:
    """The app's render jobs run in one thread here, counted, each held at `latch` until it is set."""

    def __init__(self, app: FastAPI, held: bool = False) -> None:
        web = app.state.web
        ds = web.ds
        render_worker.keep(ds.path, ds.manifest, ds.aggregates, ds.etag)
        self.jobs: list[Job] = []
        self.entered = threading.Event()
        self.latch = threading.Event()
        if not held:
            self.latch.set()
        web.renders.job = self.run
        web.renders.executor_factory = lambda: ThreadPoolExecutor(1)

    def run(self, job: Job) -> tuple[bytes, bool]:
        self.jobs.append(job)
        self.entered.set()
        assert self.latch.wait(SAFETY)
        return render_worker.run(job)


def make_app(ds: Dataset, tmp_path: Path, **settings: Any) -> FastAPI:
    # no shed delay: a 503 or 429 is answered at once (the delay only slows clients that ignore Retry-After)
    return create_app(Settings(render_cache=tmp_path / "renders", shed_delay=0, **settings), dataset=ds)


@pytest.fixture()
def held(dataset: Dataset, tmp_path: Path) -> Iterator[tuple[TestClient, Renders]]:
    """An app with one render admitted at a time, whose renders wait for the test's word."""
    app = make_app(dataset, tmp_path, render_workers=1, render_queue=1, render_wait=SAFETY)
    renders = Renders(app, held=True)
    with TestClient(app) as c:
        yield c, renders
        renders.latch.set()


def in_thread(c: TestClient, url: str) -> tuple[threading.Thread, list[Any]]:
    out: list[Any] = []
    th = threading.Thread(target=lambda: out.append(c.get(url)), daemon=True)
    th.start()
    return th, out


def test_a_full_render_queue_answers_503_and_pages_still_answer(held: tuple[TestClient, Renders]) -> None:
    c, renders = held
    first, got = in_thread(c, "/charts/similarity.png?t=0.300")
    assert renders.entered.wait(SAFETY)  # the render is under way, and holds the only place in the queue
    busy = c.get("/charts/similarity.png?t=0.301")
    assert busy.status_code == 503
    assert int(busy.headers["retry-after"]) >= 1
    assert busy.headers["cache-control"] == "no-store"
    body = busy.json()
    assert body["error"] == "busy" and body["parameter"] is None and "queue" in body["detail"]
    oembed = c.get("/oembed", params={"url": "http://testserver/embed/similarity", "maxwidth": 333})
    assert oembed.status_code == 503 and oembed.headers["retry-after"]  # its height is a render too
    # the reader's paths answer while the render is held
    assert c.get("/healthz").json()["ok"] is True
    assert c.get("/").status_code == 200
    assert c.get("/api/threshold", params={"t": 0.3}).status_code == 200
    assert c.get("/charts/similarity.csv", params={"t": 0.301}).status_code == 200  # not an image: no queue
    # the same image asked again joins the render under way instead of being refused
    second, got_too = in_thread(c, "/charts/similarity.png?t=0.300")
    renders.latch.set()
    first.join(SAFETY)
    second.join(SAFETY)
    assert got[0].status_code == got_too[0].status_code == 200
    assert got[0].content == got_too[0].content and got[0].content.startswith(PNG_SIGNATURE)
    assert len(renders.jobs) == 1
    assert c.get("/charts/similarity.png?t=0.301").status_code == 200  # the queue has room again


def test_a_render_that_outlasts_the_wait_answers_503_then_lands_in_the_cache(dataset: Dataset,
                                                                              tmp_path: Path) -> None:
    app = make_app(dataset, tmp_path, render_wait=0.01)
    renders = Renders(app, held=True)  # held until the test says: longer than any wait
    with TestClient(app) as c:
        r = c.get("/charts/removed.svg?t=0.250")
        assert r.status_code == 503 and int(r.headers["retry-after"]) >= 1
        renders.latch.set()
        while app.state.web.renders.pending:  # the render goes on without the request
            renders.entered.wait(0.01)
        again = c.get("/charts/removed.svg?t=0.250")
    assert again.status_code == 200 and again.content.lstrip().startswith(b"<svg")
    assert len(renders.jobs) == 1


def test_a_rendered_image_is_read_from_disk_by_the_next_server(dataset: Dataset, tmp_path: Path) -> None:
    url = "/charts/sites.svg?t=0.310&theme=dark"
    app = make_app(dataset, tmp_path)
    renders = Renders(app)
    with TestClient(app) as c:
        first = c.get(url)
        assert c.get(url).content == first.content  # the memory cache
    assert first.status_code == 200 and first.headers["content-type"].startswith("image/svg+xml")
    assert len(renders.jobs) == 1
    folder = tmp_path / "renders"
    files = list(folder.iterdir())
    assert [f.name for f in files] == [renders.jobs[0].name]  # no temp file left behind
    assert stat.S_IMODE(files[0].stat().st_mode) == 0o644
    assert files[0].read_bytes() == first.content

    again = make_app(dataset, tmp_path)  # a restart: empty memory caches, the same folder
    renders_again = Renders(again)
    with TestClient(again) as c:
        second = c.get(url)
    assert second.status_code == 200 and second.content == first.content
    assert second.headers["etag"] == first.headers["etag"]
    assert renders_again.jobs == []  # not rendered again


def test_the_cache_key_follows_the_aggregates(dataset: Dataset, tmp_path: Path) -> None:
    url = "/charts/sites.png?t=0.300"
    bodies = {}
    for ds in (dataset, with_hostile_domains(dataset)):
        app = make_app(ds, tmp_path)
        renders = Renders(app)
        with TestClient(app) as c:
            r = c.get(url)
        assert r.status_code == 200 and r.content.startswith(PNG_SIGNATURE)
        assert len(renders.jobs) == 1, ds.etag  # other aggregates: drawn again, not read from the first
        assert renders.jobs[0].etag == ds.etag
        bodies[ds.etag] = (renders.jobs[0].name, r.content)
    (name_a, png_a), (name_b, png_b) = bodies.values()
    assert name_a != name_b and png_a != png_b  # the hostile domains are on the sites chart
    assert {f.name for f in (tmp_path / "renders").iterdir()} == {name_a, name_b}


def test_the_render_processes_draw_images_and_embed_heights(dataset: Dataset, tmp_path: Path) -> None:
    app = make_app(dataset, tmp_path, render_workers=1, render_queue=4)
    with TestClient(app) as c:
        for started in app.state.web.renders.warm():  # what start-up does with render_warm on
            started.result(timeout=SAFETY)
        svg = c.get("/charts/method.svg", params={"t": 0.3})
        oembed = c.get("/oembed", params={"url": "http://testserver/embed/similarity", "maxwidth": 500})
        pool = app.state.web.renders
        assert pool.rendered == 2 and pool.pending == 0
    assert svg.status_code == 200 and svg.content.lstrip().startswith(b"<svg")
    assert oembed.status_code == 200 and oembed.json()["height"] > 200


def test_disk_cache_drops_the_least_recently_used(tmp_path: Path) -> None:
    cache = DiskCache(tmp_path / "r", capacity=250)
    for name in ("a.png", "b.png", "c.png"):
        write_atomic(tmp_path / "r", name, name.encode() * 33)  # 165 bytes
        cache.record(name, 165)
        if name == "b.png":
            assert cache.get("a.png") is None  # a went when b came: 330 > 250
    assert "c.png" in cache and cache.size == 165
    assert sorted(os.listdir(tmp_path / "r")) == ["c.png"]
    (tmp_path / "r" / ".tmp-killed").write_bytes(b"half")  # a render killed mid-write
    assert "c.png" in DiskCache(tmp_path / "r", capacity=250)  # a restart reads the folder back
    assert sorted(os.listdir(tmp_path / "r")) == ["c.png"]


def test_no_disk_cache_in_a_folder_of_another_kind(tmp_path: Path) -> None:
    (tmp_path / "file").write_text("not a folder")
    assert DiskCache(tmp_path / "file", capacity=1000).folder is None
    assert DiskCache(tmp_path / "ok", capacity=0).folder is None


# ---------------------------------------------------------------- the language box


FEW_LETTERS = ["1234567890", "😀😀😀😀", "!!!", "\u200b\u200b\u200b\u200b\u200b", "ab 42", "\u202e!!"]


@pytest.mark.parametrize("text", FEW_LETTERS)
def test_too_few_letters_are_not_enough_to_tell(client: TestClient, text: str, monkeypatch) -> None:
    def no(*_: Any) -> None:
        raise AssertionError("no detector is asked about too few letters")

    monkeypatch.setattr(languages, "detect", no)
    assert letters(text) < MIN_LETTERS
    body = client.get("/api/language", params={"text": text}).json()
    assert body["enough_text"] is False and body["letters"] == letters(text) and body["min_letters"] == MIN_LETTERS
    assert body["cld3"]["name"] == NOT_ENOUGH and body["cld3"]["code"] == "und" and not body["cld3"]["is_reliable"]
    assert body["lingua"]["code"] is None and body["agree"] is False
    page = client.get("/", params={"text": text}).text
    result = page.split("data-cld3-result>", 1)[1].split("</div>", 1)[0]
    assert NOT_ENOUGH in result and "Japanese" not in result and "<dl>" not in result


def test_enough_letters_are_detected(client: TestClient) -> None:
    body = client.get("/api/language", params={"text": "Das ist ein schönes Haus am See"}).json()
    assert body["enough_text"] is True and body["cld3"]["code"] == "de" and body["letters"] == 25


def test_the_language_page_is_the_full_render_with_the_text_escaped(client: TestClient) -> None:
    text = 'Das ist ein schönes Haus </textarea><script>alert("x")</script> & mehr \u202e'
    web = client.app.state.web  # type: ignore[attr-defined]
    full = story_html(web, story_data(web, Cut(t=0.28), text=text))
    plain = client.get("/", params={"text": text, "t": "0.280"}, headers={"accept-encoding": "identity"})
    assert "content-encoding" not in plain.headers
    assert plain.content == full  # the cached page with the answer inserted is byte for byte the full render
    with client.stream("GET", "/", params={"text": text, "t": "0.280"},
                       headers={"accept-encoding": "br;q=1, gzip;q=0.5"}) as raw:
        packed = b"".join(raw.iter_raw())
    assert raw.headers["content-encoding"] == "gzip" and "Accept-Encoding" in raw.headers["vary"]
    assert gzip.decompress(packed) == full  # the joined deflate pieces are one valid gzip stream
    assert len(packed) < len(full) / 4
    r = client.get("/", params={"text": text, "t": "0.280"})
    assert r.status_code == 200 and r.headers["cache-control"] == "no-store" and "etag" not in r.headers
    page = r.text
    assert '<script>alert("x")' not in page
    assert 'value="Das ist ein schönes Haus &lt;/textarea&gt;&lt;script&gt;alert(&#34;x&#34;)' in page
    result = page.split("data-cld3-result>", 1)[1].split("</div>", 1)[0]
    assert "<strong>German</strong> (de)" in result


def test_each_client_may_send_only_so_many_texts(dataset: Dataset, tmp_path: Path) -> None:
    app = make_app(dataset, tmp_path, language_rate=0.001, language_burst=2)
    with TestClient(app) as c:
        assert c.get("/api/language", params={"text": "Ein Haus am See"}).status_code == 200
        assert c.get("/", params={"text": "Ein Haus am See"}).status_code == 200
        for path in ("/api/language", "/"):
            r = c.get(path, params={"text": "Ein Haus am See"})
            assert r.status_code == 429, path
            assert int(r.headers["retry-after"]) >= 1
            assert r.json()["error"] == "too many requests"
        assert c.get("/").status_code == 200  # the story itself is not limited
        assert c.get("/api/threshold", params={"t": 0.3}).status_code == 200


def test_the_token_bucket_refills_at_its_rate() -> None:
    limiter = RateLimiter(rate=2.0, burst=3)
    assert [limiter.wait("a", now=10.0) for _ in range(3)] == [0, 0, 0]
    assert limiter.wait("a", now=10.0) == 1
    assert limiter.wait("b", now=10.0) == 0  # another client has its own bucket
    assert limiter.wait("a", now=10.5) == 0  # half a second at 2 a second: one more
    assert limiter.wait("a", now=10.5) == 1
    assert [limiter.wait("a", now=100.0) for _ in range(4)] == [0, 0, 0, 1]  # saved up to the burst only


def test_all_clients_together_have_a_limit_too(dataset: Dataset, tmp_path: Path) -> None:
    app = make_app(dataset, tmp_path, language_rate=1000, language_burst=1000, language_total_rate=0.001)
    with TestClient(app) as c:
        assert c.get("/api/language", params={"text": "Ein Haus am See"}).status_code == 200
        r = c.get("/api/language", params={"text": "Ein Haus am See"})
        assert r.status_code == 503 and int(r.headers["retry-after"]) >= 1
        assert r.json()["error"] == "service unavailable" and "busy" in r.json()["detail"]
