"""Security headers, compression and error pages on every kind of response the app sends."""

from __future__ import annotations

import gzip
import re

import brotli
import pytest

from app.web import compression, security
from app.web.views.common import VEGA_AST

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def directives(csp: str) -> dict[str, list[str]]:
    out = {}
    for part in csp.split(";"):
        words = part.split()
        if words:
            out[words[0]] = words[1:]
    return out


def embed_paths(client) -> list[str]:
    """Every chart's embed page, from /api/charts (empty until the embed routes exist)."""
    return [c["embed_url"] for c in client.get("/api/charts").json()]


def slide_paths(client) -> list[str]:
    """The presentation pages, when the app has them."""
    return [p for p in ("/present", "/present/notes") if client.get(p).status_code == 200]


def sample_requests(client) -> list[tuple[str, dict[str, str]]]:
    """(path, headers) for each kind of response: pages, API, embeds, static, downloads, errors."""
    html = {"accept": "text/html,application/xhtml+xml,*/*;q=0.8"}
    out: list[tuple[str, dict[str, str]]] = [
        ("/", html), ("/?t=0.31", html), ("/story.json", {}),
        ("/api/stats", {}), ("/api/threshold?t=0.3", {}), ("/api/charts", {}), ("/healthz", {}),
        ("/api/threshold?t=7", {}),  # 422
        ("/static/css/site.css", {}), ("/static/js/explainer.js", {}), ("/static/favicon.svg", {}),
        ("/charts/sites.csv?t=0.3", {}), ("/charts/similarity.json", {}), ("/charts/sites.svg", {}),
        ("/charts/nope.csv", {}),  # 404 JSON from the download route
        ("/no/such/page", html), ("/no/such/page", {"accept": "application/json"}),
    ]
    out += [(p, html) for p in embed_paths(client)]
    out += [(p, html) for p in slide_paths(client)]
    if embed_paths(client):
        out.append(("/embed/no-such-chart", html))
    return out


def test_every_kind_of_response_carries_the_security_headers(client):
    seen_embed = False
    for path, headers in sample_requests(client):
        r = client.get(path, headers=headers)
        assert r.status_code < 500, path
        h = r.headers
        assert h["x-content-type-options"] == "nosniff", path
        assert h["referrer-policy"] == "strict-origin-when-cross-origin", path
        perms = h["permissions-policy"]
        for feature in ("camera=()", "microphone=()", "geolocation=()"):
            assert feature in perms, (path, perms)
        csp = directives(h["content-security-policy"])
        if path.startswith("/charts/") and path.split("?")[0].endswith(".svg"):
            # a downloaded SVG opened on its own may run nothing at all
            assert csp["default-src"] == ["'none'"], path
            continue
        assert csp["default-src"] == ["'self'"], path
        assert csp["script-src"] == ["'self'"], path  # no 'unsafe-inline', no 'unsafe-eval', no hosts
        assert csp["object-src"] == ["'none'"] and csp["base-uri"] == ["'none'"], path
        assert not any("http" in v for vs in csp.values() for v in vs), path  # nothing from other hosts
        if path.startswith("/embed/"):
            seen_embed = True
            assert csp["frame-ancestors"] == ["*"], path
            assert "x-frame-options" not in h, path
        else:
            assert csp["frame-ancestors"] == ["'self'"], path
            assert h["x-frame-options"] == "SAMEORIGIN", path
    assert seen_embed and embed_paths(client)  # the embeds exist and were checked


def test_a_route_can_set_its_own_policy():
    # the SVG download sets a stricter CSP; the middleware must not overwrite it
    assert dict(security.headers_for("/embed/x"))["Content-Security-Policy"] == security.EMBED_CSP
    assert security.policy_for("/embeds") == security.PAGE_CSP  # only the /embed/ folder is frameable


def test_no_page_loads_from_a_cdn(client):
    # FastAPI's Swagger UI and ReDoc pages would load their scripts from a CDN: they are off
    for path in ("/docs", "/redoc"):
        assert client.get(path).status_code == 404
    assert client.get("/openapi.json").status_code == 200


SCRIPT_TAG = re.compile(r"<script\b([^>]*)>(.*?)</script>", re.S | re.I)


@pytest.mark.parametrize("kind", ["story", "embeds", "slides"])
def test_pages_have_no_inline_script_or_handlers(client, kind):
    paths = {"story": ["/", "/?t=0.42"], "embeds": embed_paths(client),
             "slides": slide_paths(client)}[kind]
    assert paths, f"no {kind} pages"
    for path in paths:
        page = client.get(path).text
        scripts = SCRIPT_TAG.findall(page)
        assert scripts, path
        for attrs, body in scripts:
            if 'type="application/json"' in attrs:
                assert "</" not in body, path  # JSON in a script element cannot close it
                continue
            m = re.search(r'\ssrc="([^"]+)"', attrs)
            assert m and m.group(1).startswith("/static/") and not body.strip(), (path, attrs)
        # no inline event handlers or javascript: URLs in the markup the server wrote
        assert not re.search(r"<[^>]+\son[a-z]+\s*=", page, re.I), path
        assert "javascript:" not in page.lower(), path
        if "vega-bundle.js" in page:
            # the CSP forbids eval: Vega must get its expression interpreter wherever it runs
            assert VEGA_AST and "/static/vendor/vega-interpreter.js?v=" in page, path
            assert page.index("vega-bundle.js") < page.index("vega-interpreter.js") < page.index("explainer-core.js")


# ---------------------------------------------------------------- compression


def raw_get(client, path: str, accept_encoding: str | None, **headers: str):
    """The response and its body exactly as sent (httpx would otherwise decode it)."""
    h = dict(headers)
    if accept_encoding is not None:
        h["accept-encoding"] = accept_encoding
    with client.stream("GET", path, headers=h) as r:
        return r, b"".join(r.iter_raw())


def identity(client, path: str) -> bytes:
    r, body = raw_get(client, path, "identity")
    assert "content-encoding" not in r.headers
    return body


@pytest.mark.parametrize("path", ["/", "/api/stats", "/static/css/site.css", "/static/js/explainer.js",
                                  "/charts/sites.csv", "/charts/sites.svg", "/story.json"])
def test_text_responses_are_brotli_or_gzip(client, path):
    plain = identity(client, path)
    assert len(plain) > compression.MIN_SIZE
    r, body = raw_get(client, path, "gzip, deflate, br, zstd")
    assert r.headers["content-encoding"] == "br" and "accept-encoding" in r.headers["vary"].lower()
    assert int(r.headers["content-length"]) == len(body) < len(plain)
    assert brotli.decompress(body) == plain  # once: not compressed twice
    r, body = raw_get(client, path, "gzip")
    assert r.headers["content-encoding"] == "gzip"
    assert gzip.decompress(body) == plain
    r, body = raw_get(client, path, "br;q=0, gzip;q=0")
    assert "content-encoding" not in r.headers and body == plain


def test_png_is_left_alone(client):
    r, body = raw_get(client, "/charts/subsets.png?t=0.3", "br, gzip")
    assert r.status_code == 200 and r.headers["content-type"] == "image/png"
    assert "content-encoding" not in r.headers
    assert body.startswith(PNG_SIGNATURE)


def test_small_bodies_and_304s_pass_through(client):
    r, body = raw_get(client, "/healthz", "br")
    assert len(body) < compression.MIN_SIZE and "content-encoding" not in r.headers
    first, _ = raw_get(client, "/", "br")
    r, body = raw_get(client, "/", "br", **{"if-none-match": first.headers["etag"]})
    assert r.status_code == 304 and body == b"" and "content-encoding" not in r.headers
    # each encoding has its own ETag (tests/web/test_http.py): a gzip revalidation of a brotli body is a 200
    r, body = raw_get(client, "/", "gzip", **{"if-none-match": first.headers["etag"]})
    assert r.status_code == 200 and gzip.decompress(body)


def test_accept_encoding_parsing():
    assert compression.choose_encoding("gzip, deflate, br") == "br"
    assert compression.choose_encoding("br;q=0, gzip") == "gzip"
    assert compression.choose_encoding("identity") is None
    assert compression.choose_encoding("") is None
    assert compression.choose_encoding("*") == "br"
    assert compression.choose_encoding("*;q=0, gzip;q=0.5") == "gzip"
    assert compression.choose_encoding("gzip;q=nonsense") is None
    assert compression.compressible("text/html; charset=utf-8")
    assert compression.compressible("image/svg+xml") and compression.compressible("application/vnd.api+json")
    assert not compression.compressible("image/png") and not compression.compressible("application/octet-stream")


# ---------------------------------------------------------------- errors


def test_unknown_path_gives_a_styled_404_page_to_browsers(client):
    r = client.get("/no/such/<script>alert(1)</script>", headers={"accept": "text/html"})
    assert r.status_code == 404 and r.headers["content-type"].startswith("text/html")
    page = r.text
    assert "Page not found" in page and 'href="/"' in page
    assert "/static/css/site.css?v=" in page  # styled like the rest of the site
    assert "<script>alert" not in page and "&lt;script&gt;alert(1)" in page
    assert r.headers["cache-control"] == "no-store"


@pytest.mark.parametrize("path,accept", [("/no/such/page", "application/json"), ("/no/such/page", "*/*"),
                                         ("/api/nope", "text/html"), ("/charts/nope", "text/html")])
def test_other_clients_get_json_errors(client, path, accept):
    r = client.get(path, headers={"accept": accept})
    assert r.status_code == 404 and r.headers["content-type"] == "application/json"
    assert r.json() == {"error": "not found", "parameter": "path", "detail": "Not Found",
                        "request_id": r.headers["x-request-id"]}


def test_wrong_method_is_json_naming_the_method(client):
    r = client.post("/api/threshold?t=0.3")
    assert r.status_code == 405
    body = r.json()
    assert body["error"] == "method not allowed" and body["parameter"] == "method"
    assert "GET" in r.headers["allow"]


def test_api_errors_keep_their_shape(client):
    r = client.get("/api/threshold?t=nan", headers={"accept": "text/html"})
    assert r.status_code == 422 and r.json()["parameter"] == "t"
    r = client.get("/charts/nope.csv", headers={"accept": "text/html"})
    assert r.status_code == 404 and r.json()["parameter"] == "chart"
