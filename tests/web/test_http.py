"""The HTTP layer on every kind of route (app/web/http.py): conditional GET with weak, listed and `*`
If-None-Match; an ETag of its own per content encoding; Vary on 304s; HEAD on every GET route with the
GET's headers and no body; Cache-Control by kind of response; the one cache's bounds."""

from __future__ import annotations

import gzip
import hashlib
import re
from urllib.parse import urlencode

import brotli
import pytest
from fastapi.testclient import TestClient

from app.settings import STATIC_DIR, Settings
from app.web import http
from app.web.cache import Cache, one
from app.web.http import HttpLayer
from app.web.main import create_app

# one of each kind of response the app caches: a page, the API, a static file, a download
KINDS = {"page": "/?t=0.3", "api": "/api/stats", "static": "/static/css/site.css",
         "download": "/charts/sites.csv?t=0.3"}
ENCODINGS = ("br", "gzip", "identity")


def raw(client: TestClient, method: str, path: str, accept_encoding: str, **headers: str):
    """The response and its body exactly as sent (httpx would otherwise decode it)."""
    with client.stream(method, path, headers={"accept-encoding": accept_encoding, **headers}) as r:
        return r, b"".join(r.iter_raw())


def decoded(body: bytes, encoding: str | None) -> bytes:
    return {"br": brotli.decompress, "gzip": gzip.decompress}.get(encoding or "", lambda b: b)(body)


@pytest.mark.parametrize("encoding", ENCODINGS)
@pytest.mark.parametrize("kind", KINDS)
def test_if_none_match_takes_weak_tags_lists_and_star(client, kind, encoding):
    path = KINDS[kind]
    first, _ = raw(client, "GET", path, encoding)
    assert first.status_code == 200
    tag = first.headers["etag"]
    for inm in (tag, f"W/{tag}", f'"other", {tag}', f'W/"x",W/{tag}', "*", f'  {tag} , "y"'):
        r, body = raw(client, "GET", path, encoding, **{"if-none-match": inm})
        assert r.status_code == 304 and body == b"", (kind, encoding, inm)
        assert r.headers["etag"] == tag and r.headers["cache-control"] == first.headers["cache-control"]
        assert "accept-encoding" in r.headers["vary"].lower(), (kind, r.headers)
        assert "content-encoding" not in r.headers and "content-type" not in r.headers
    for inm in ('"stale"', 'W/"stale", "older"', tag[:-1] + 'x"', ""):
        assert raw(client, "GET", path, encoding, **{"if-none-match": inm})[0].status_code == 200, (kind, inm)


@pytest.mark.parametrize("kind", KINDS)
def test_each_encoding_has_its_own_etag(client, kind):
    path = KINDS[kind]
    tags, bodies = {}, {}
    for enc in ENCODINGS:
        r, body = raw(client, "GET", path, enc)
        sent = r.headers.get("content-encoding")
        assert sent == (None if enc == "identity" else enc), (kind, enc)
        assert "accept-encoding" in r.headers["vary"].lower()
        tags[enc], bodies[enc] = r.headers["etag"], decoded(body, sent)
    assert bodies["br"] == bodies["gzip"] == bodies["identity"]  # one representation, three encodings
    assert len(set(tags.values())) == 3
    assert tags["br"] == tags["identity"][:-1] + '-br"' and tags["gzip"] == tags["identity"][:-1] + '-gzip"'
    # a tag revalidates the variant it names, and no other
    for enc, tag in tags.items():
        for asked in ENCODINGS:
            r, _ = raw(client, "GET", path, asked, **{"if-none-match": tag})
            assert r.status_code == (304 if asked == enc else 200), (kind, enc, asked)


def test_uncompressed_bodies_keep_one_etag(client):
    """A small JSON answer and a PNG go out as they are, under the same tag whatever the client accepts."""
    for path in ("/api/domains/pinimg.com", "/charts/subsets.png?t=0.3"):
        tags = {raw(client, "GET", path, enc)[0].headers["etag"] for enc in ENCODINGS}
        assert len(tags) == 1, path
        r, _ = raw(client, "GET", path, "br", **{"if-none-match": tags.pop()})
        assert r.status_code == 304 and "content-encoding" not in r.headers
    r, _ = raw(client, "GET", "/charts/subsets.png?t=0.3", "br")
    assert "accept-encoding" not in r.headers.get("vary", "").lower()  # nothing varies for a PNG


def test_the_etag_is_the_hash_of_the_identity_body(client):
    """Independent of the route: an equal body has the same tag, and the tag is sha256 of the bytes."""
    for path in ("/story.json?t=0.3", "/api/threshold?t=0.3", "/charts/sites.csv"):
        r, body = raw(client, "GET", path, "identity")
        assert r.headers["etag"] == f'"{hashlib.sha256(body).hexdigest()[:20]}"', path


# ---------------------------------------------------------------- HEAD

# a value for each path parameter and each required query parameter of the OpenAPI document
PATH_EXAMPLES = {"chart": "similarity", "fmt": "svg", "domain": "pinimg.com"}
QUERY_EXAMPLES = {"/api/threshold": {"t": "0.3"}, "/api/language": {"text": "Ein Haus am See"},
                  "/api/domains": {"q": "pi"}, "/oembed": {"url": "http://testserver/embed/similarity"}}
# what the OpenAPI document leaves out: static files, the document itself, an unknown path
OTHER_GETS = ["/static/css/site.css", "/static/js/explainer.js", "/static/vendor/vega-bundle.js",
              "/static/favicon.svg", "/openapi.json", "/no/such/page", "/embed/no-such-chart"]


def get_routes(client: TestClient) -> list[str]:
    """A URL for every GET operation in /openapi.json."""
    out = []
    for path, ops in client.get("/openapi.json").json()["paths"].items():
        if "get" not in ops:
            continue
        params = ops["get"].get("parameters", [])
        url = path
        for p in params:
            if p["in"] == "path":
                url = url.replace("{" + p["name"] + "}", PATH_EXAMPLES[p["name"]])
        query = QUERY_EXAMPLES.get(path, {})
        required = {p["name"] for p in params if p["in"] == "query" and p.get("required")}
        assert required <= set(query), (path, required)
        out.append(url + ("?" + urlencode(query) if query else ""))
    return out


def test_head_answers_every_get_route_like_get(client):
    urls = get_routes(client)
    for must in ("/", "/present", "/present/notes", "/story.json", "/embed/similarity", "/charts/similarity.svg",
                 "/api/stats", "/healthz", "/present.json", "/embed/similarity.json"):
        assert any(u.split("?")[0] == must for u in urls), must
    for url in urls + OTHER_GETS:
        for enc in ("br", "identity"):
            got, body = raw(client, "GET", url, enc)
            head, nothing = raw(client, "HEAD", url, enc)
            assert head.status_code == got.status_code and got.status_code != 405, (url, got.status_code)
            assert nothing == b"", url
            # all alike but the request id, fresh for every request (app/web/guard.py)
            assert head.headers.pop("x-request-id") != got.headers.pop("x-request-id"), url
            assert dict(head.headers) == dict(got.headers), url
            assert int(got.headers["content-length"]) == len(body), url
    # conditional HEAD too
    tag = raw(client, "GET", "/", "br")[0].headers["etag"]
    assert raw(client, "HEAD", "/", "br", **{"if-none-match": tag})[0].status_code == 304


def test_wrong_method_names_head_as_allowed(client):
    r = client.post("/api/threshold?t=0.3")
    assert r.status_code == 405 and [m.strip() for m in r.headers["allow"].split(",")] == ["GET", "HEAD"]


# ---------------------------------------------------------------- Cache-Control, static files


def test_cache_control_by_kind_of_response(client):
    cases = {"/": "no-cache", "/present": "no-cache", "/embed/subsets": "no-cache",
             "/story.json": "public, max-age=300", "/api/threshold?t=0.3": "public, max-age=300",
             "/charts/sites.svg": "public, max-age=300", "/api/language?text=Haus": "public, max-age=86400",
             "/oembed?url=http://testserver/embed/subsets": "public, max-age=3600",
             "/static/css/site.css": "no-cache"}
    for path, want in cases.items():
        assert client.get(path).headers["cache-control"] == want, path
    r = client.get("/no/such/page", headers={"accept": "text/html"})
    assert r.status_code == 404 and r.headers["cache-control"] == "no-store"


def test_versioned_static_urls_are_immutable_and_hash_the_file(client):
    page = client.get("/").text
    urls = dict(re.findall(r'"/static/([^"?]+)\?v=([0-9a-f]+)"', page))
    assert {"css/site.css", "js/explainer.js", "vendor/vega-interpreter.js"} <= set(urls)
    for rel, v in urls.items():
        if rel != "vendor/vega-bundle.js":  # generated, possibly outside static/
            assert v == hashlib.sha256((STATIC_DIR / rel).read_bytes()).hexdigest()[:12], rel
        r, body = raw(client, "GET", f"/static/{rel}?v={v}", "identity")
        assert r.headers["cache-control"] == "public, max-age=31536000, immutable"
        assert r.headers["etag"] == f'"{v}"' and hashlib.sha256(body).hexdigest()[:12] == v
        stale = client.get(f"/static/{rel}?v=0123456789ab")
        assert stale.status_code == 200 and stale.headers["cache-control"] == "no-cache"
    r = client.get("/static/css/site.css", headers={"range": "bytes=0-9"})
    assert r.status_code == 200 and len(r.content) > 10 and "accept-ranges" not in r.headers


def test_static_media_types_carry_the_charset(client):
    assert client.get("/static/css/site.css").headers["content-type"] == "text/css; charset=utf-8"
    assert client.get("/static/js/explainer.js").headers["content-type"].endswith("; charset=utf-8")
    assert client.get("/static/favicon.svg").headers["content-type"] == "image/svg+xml; charset=utf-8"


# ---------------------------------------------------------------- the one cache


def test_cache_is_bounded_by_weight_and_least_recently_used():
    c = Cache(100)
    c.put("a", b"x" * 40)
    c.put("b", b"y" * 40)
    assert c.get("a") == b"x" * 40  # a is now the most recent
    c.put("c", b"z" * 40)
    assert c.get("b") is None and c.get("a") and c.get("c") and c.weight == 80
    c.put("huge", b"h" * 101)  # bigger than the whole cache: not kept
    assert c.get("huge") is None and len(c) == 2
    calls = []
    assert c.get_or_set("d", lambda: calls.append(1) or b"d") == b"d"
    assert c.get_or_set("d", lambda: calls.append(1) or b"other") == b"d" and calls == [1]
    counted = Cache(2, weigh=one)
    for k in "abc":
        counted.put(k, {"any": "value"})
    assert len(counted) == 2 and counted.get("a") is None


def test_rendered_pages_stay_within_the_cache_size(dataset):
    with TestClient(create_app(Settings(cache_mb=1), dataset=dataset)) as c:
        for t in ("0.28", "0.29", "0.30", "0.31", "0.32"):
            assert c.get(f"/?t={t}").status_code == 200
        bodies = c.app.state.web.bodies
        assert 0 < bodies.weight <= 1024 * 1024 and len(bodies) < 5


def test_encoded_bodies_are_compressed_once_per_tag(monkeypatch):
    calls: list[str] = []
    real = http.compress
    monkeypatch.setattr(http, "compress", lambda body, enc: calls.append(enc) or real(body, enc))
    text = b"caption " * 400

    async def inner(scope, receive, send):
        await send({"type": "http.response.start", "status": 200,
                    "headers": [(b"content-type", b"text/plain; charset=utf-8"), (b"etag", b'"abc"')]})
        await send({"type": "http.response.body", "body": text})

    for capacity, want in ((1_000_000, ["br", "gzip"]), (10, ["br", "br", "gzip"])):
        calls.clear()
        c = TestClient(HttpLayer(inner, Cache(capacity)))  # no `with`: the bare app has no lifespan
        for enc in ("br", "br", "gzip"):
            r, body = raw(c, "GET", "/", enc)
            assert decoded(body, r.headers["content-encoding"]) == text
        assert calls == want, capacity  # a cache too small to hold the body compresses every time
