"""Issue 13's serving items: errors answered and logged once, the Host header distrusted, no inline
styles allowed, and control and direction-override characters neutralised wherever text is shown."""

from __future__ import annotations

import logging
import re
from urllib.parse import parse_qs, quote, urlsplit

import pytest
from fastapi.testclient import TestClient

from app.core.text import neutralise, neutralise_doc
from app.settings import Settings
from app.web import security
from app.web.hosts import Hosts, relative, split_host
from app.web.main import create_app
from tests.html_checks import parse

HTML = {"accept": "text/html,application/xhtml+xml,*/*;q=0.8"}
PUBLIC = "https://explainer.example.org"
HAZARDS = "\u202e\u202d\u2066\u2067\u2068\u2069\u200e\u200f\x00\x1b\x7f\x85\ufeff\u200b\U000e0041"
PAGE_HEADERS = {name.lower(): value for name, value in security.headers_for("/no/such/page")}


def directives(csp: str) -> dict[str, list[str]]:
    return {p.split()[0]: p.split()[1:] for p in csp.split(";") if p.split()}


def error_lines(caplog: pytest.LogCaptureFixture, rid: str) -> list[logging.LogRecord]:
    return [r for r in caplog.records if r.name == "app.web" and rid in r.getMessage()]


# ---------------------------------------------------------------- errors


@pytest.fixture(scope="module")
def failing(dataset):
    """An app with two routes that raise, as any route might: one plain, one under /api/."""
    app = create_app(Settings(), dataset=dataset)

    @app.get("/boom")
    def boom() -> None:
        raise RuntimeError("a bug")

    @app.get("/api/boom")
    def api_boom() -> None:
        {}["missing"]  # noqa: B018 - a KeyError from a different line: another error site

    with TestClient(app) as c:  # raise_server_exceptions stays on: nothing may reach the server
        yield c


def test_a_raising_route_answers_json_500_with_the_page_headers(failing, caplog):
    caplog.set_level(logging.INFO, logger="app.web")
    r = failing.get("/boom")
    assert r.status_code == 500 and r.headers["content-type"] == "application/json"
    rid = r.headers["x-request-id"]
    assert re.fullmatch(r"[0-9a-f]{16}", rid)
    body = r.json()
    assert body == {"error": "internal server error", "parameter": None, "detail": body["detail"], "request_id": rid}
    for name, value in PAGE_HEADERS.items():
        assert r.headers[name] == value, name
    assert r.headers["cache-control"] == "no-store"
    assert "a bug" not in r.text  # the exception's message is for the log, not the client
    lines = error_lines(caplog, rid)
    assert len(lines) == 1 and lines[0].levelno == logging.ERROR
    assert "RuntimeError" in lines[0].getMessage() and "/boom" in lines[0].getMessage()


def test_a_traceback_once_per_error_site_then_one_line(failing, caplog):
    caplog.set_level(logging.INFO, logger="app.web")
    failing.get("/api/boom")  # the first time this site fails (whichever test ran first)
    caplog.clear()
    rids = [failing.get("/api/boom").headers["x-request-id"] for _ in range(5)]
    assert len(set(rids)) == 5  # a fresh id for every request
    for rid in rids:
        lines = error_lines(caplog, rid)
        assert len(lines) == 1 and lines[0].exc_info is None, rid  # one line, no traceback
        assert "KeyError" in lines[0].getMessage()
    assert not [r for r in caplog.records if r.exc_info and r.levelno > logging.DEBUG]


def test_a_browser_gets_the_styled_error_page_with_its_request_id(failing):
    r = failing.get("/boom", headers=HTML)
    assert r.status_code == 500 and r.headers["content-type"].startswith("text/html")
    assert r.headers["x-request-id"] in r.text and "/static/css/site.css?v=" in r.text
    assert r.headers["content-security-policy"] == security.PAGE_CSP
    # a script asking under /api/ gets JSON even with a browser's Accept
    r = failing.get("/api/boom", headers=HTML)
    assert r.status_code == 500 and r.json()["request_id"] == r.headers["x-request-id"]


@pytest.mark.parametrize("method,path,headers,status", [
    ("GET", "/no/such/page", {}, 404),
    ("GET", "/no/such/page", HTML, 404),
    ("GET", "/static/%00", {}, 404),
    ("GET", "/static/" + "a/" * 3000, {}, 404),
    ("GET", "/" + "a/" * 3000, HTML, 404),
    ("GET", "/static/../pyproject.toml", {}, 404),
    ("POST", "/api/stats", {}, 405),
    ("GET", "/api/threshold?t=7", {}, 422),
    ("GET", "/charts/nope.csv", {}, 404),
])
def test_every_error_has_the_page_headers_an_id_and_one_log_line(client, caplog, method, path, headers, status):
    caplog.set_level(logging.DEBUG, logger="app.web")
    r = client.request(method, path, headers=headers)
    assert r.status_code == status
    rid = r.headers["x-request-id"]
    for name, value in PAGE_HEADERS.items():
        assert r.headers[name] == value, name
    assert r.headers["cache-control"] == "no-store"
    if r.headers["content-type"] == "application/json":
        assert set(r.json()) >= {"error", "parameter", "detail"} and r.json()["request_id"] == rid
    else:
        assert rid in r.text
    lines = error_lines(caplog, rid)
    assert len(lines) == 1 and lines[0].exc_info is None and str(status) in lines[0].getMessage()
    assert len(lines[0].getMessage()) < 400  # a 3,000-segment path is cut short in the log


def test_successes_carry_a_request_id_and_log_nothing(client, caplog):
    caplog.set_level(logging.INFO, logger="app.web")
    ids = {client.get("/healthz").headers["x-request-id"] for _ in range(3)}
    assert len(ids) == 3
    assert not [r for r in caplog.records if r.name == "app.web"]
    # a client's own X-Request-Id is not taken: log lines must not be forgeable
    assert client.get("/healthz", headers={"x-request-id": "forged\nline"}).headers["x-request-id"] != "forged\nline"


def test_log_lines_escape_what_a_path_smuggles(client, caplog):
    caplog.set_level(logging.INFO, logger="app.web")
    rid = client.get("/x%0Aforged%20line%E2%80%AE").headers["x-request-id"]
    (line,) = error_lines(caplog, rid)
    assert "\n" not in line.getMessage() and "\u202e" not in line.getMessage() and "\\u202e" in line.getMessage()


# ---------------------------------------------------------------- the Host header


@pytest.fixture(scope="module")
def public(dataset):
    app = create_app(Settings(public_url=PUBLIC + "/", allowed_hosts=("localhost",)), dataset=dataset)
    with TestClient(app, base_url="http://localhost") as c:
        yield c


def test_settings_for_the_public_url_and_allowed_hosts(monkeypatch):
    monkeypatch.setenv("EXPLAINER_PUBLIC_URL", PUBLIC + "/")
    monkeypatch.setenv("EXPLAINER_ALLOWED_HOSTS", "a.example, B.example:8443")
    s = Settings()
    assert s.public_base == PUBLIC and s.allowed_hosts == ("a.example", "b.example:8443")
    for bad in ("explainer.example.org", "ftp://x.org", "https://x.org/sub/path", "https://x.org/?q=1"):
        monkeypatch.setenv("EXPLAINER_PUBLIC_URL", bad)
        with pytest.raises(ValueError):
            Settings()
    monkeypatch.delenv("EXPLAINER_PUBLIC_URL")
    monkeypatch.delenv("EXPLAINER_ALLOWED_HOSTS")
    # defaults: loopback names, and the public URL from the address served on
    d = Settings()
    assert d.allowed_hosts == ("localhost", "127.0.0.1", "[::1]") and d.public_base == "http://127.0.0.1:8000"
    assert Settings(host="0.0.0.0", port=9000).public_base == "http://localhost:9000"


def test_which_hosts_are_trusted():
    hosts = Hosts.of(Settings(public_url=PUBLIC, allowed_hosts=("localhost", "[::1]", "alias.example:8080")))
    assert hosts.trusted("explainer.example.org", 8000)  # the public host is always allowed
    assert hosts.trusted("Explainer.Example.ORG.:443", 8000)  # case, a trailing dot, the public port
    assert hosts.trusted("localhost:8000", 8000) and hosts.trusted("[::1]:8000", 8000)
    assert hosts.trusted("alias.example:8080", 8000) and not hosts.trusted("alias.example", 8000)
    for bad in ("evil.example", "localhost:6666", "explainer.example.org:1", "evil.example@localhost", "",
                "localhost/../x", "local host", "explainer.example.org.evil.example"):
        assert not hosts.trusted(bad, 8000), bad
    assert split_host("[::1]:80") == ("[::1]", 80) and split_host("a b") is None
    assert relative("https://x.org/present?t=1", "https://x.org") == "/present?t=1"
    assert relative("https://x.org//evil.example/", "https://x.org") == "https://x.org//evil.example/"
    assert relative("https://other.org/p", "https://x.org") == "https://other.org/p"


def test_a_forged_host_never_reaches_a_redirect_or_an_embed_code(public):
    evil = {"host": "evil.example"}
    r = public.get("/present/", headers=evil, follow_redirects=False)
    assert r.status_code in (307, 308) and r.headers["location"] == "/present"  # relative, no host at all
    r = public.get("/oembed", params={"url": "http://evil.example/embed/similarity"}, headers=evil)
    assert r.status_code == 404 and r.json()["parameter"] == "url"
    r = public.get("/oembed", params={"url": PUBLIC + "/embed/similarity"}, headers=evil)
    assert r.status_code == 200 and "evil.example" not in r.text
    doc = r.json()
    assert doc["embed_url"].startswith(PUBLIC + "/embed/similarity") and doc["provider_url"] == PUBLIC + "/"
    assert f'src="{PUBLIC}/embed/similarity' in doc["html"]
    page = public.get("/embed/similarity", headers=evil).text
    assert "evil.example" not in page and f'href="{PUBLIC}/oembed?url=' in page


def test_an_allowed_host_is_answered_as_itself(public):
    r = public.get("/oembed", params={"url": "http://localhost/embed/similarity"})
    assert r.status_code == 200 and r.json()["embed_url"].startswith("http://localhost/embed/similarity")
    # the public URL's embeds are this site's too, whichever allowed name the request came in by
    assert public.get("/oembed", params={"url": PUBLIC + "/embed/similarity"}).status_code == 200
    link = re.search(r'type="application/json\+oembed" href="([^"]+)"', public.get("/embed/similarity").text)
    assert link and link.group(1).startswith("http://localhost/oembed?url=")
    assert parse_qs(urlsplit(link.group(1).replace("&amp;", "&")).query)["url"][0].startswith("http://localhost/")


def test_forged_hosts_do_not_fill_the_caches(public):
    bodies = public.app.state.web.bodies
    public.get("/embed/stack", headers={"host": "first.example"})
    before = len(bodies)
    for i in range(30):
        r = public.get("/embed/stack", headers={"host": f"h{i}.evil.example"})
        assert r.status_code == 200 and "evil.example" not in r.text
        public.get("/embed/stack", headers={"host": f"localhost:{10000 + i}"})  # a forged port is no better
    assert len(bodies) == before


# ---------------------------------------------------------------- CSP


def test_no_page_allows_inline_styles(client):
    for path in ("/", "/present", "/present/notes", "/embed/similarity", "/no/such/page"):
        csp = directives(client.get(path, headers=HTML).headers["content-security-policy"])
        assert csp["style-src"] == ["'self'"], path
        assert "'unsafe-inline'" not in sum(csp.values(), []), path
        assert "style-src-attr" not in csp and "style-src-elem" not in csp, path
    for path in ("/", "/present", "/embed/similarity"):
        tags = parse(client.get(path).text).tags  # (an embed code shown for copying may name style="...")
        assert not [t for t, attrs in tags if t == "style" or "style" in attrs], path
    # what the static export puts in its <meta> is the same policy without the header-only directives
    assert security.meta_policy() + "; frame-ancestors 'self'" == security.PAGE_CSP


# ---------------------------------------------------------------- control and bidi characters


def test_neutralise_removes_controls_and_direction_overrides():
    assert neutralise("moc.\u202elive\u202c") == "moc.live"
    hidden = "a\u2066b\u2067c\u2068d\u2069e\u200ef\u200fg\x00h\x1bi\x7fj\x85k\ufeffl\u200bm"
    assert neutralise(hidden) == "abcdefghijklm"
    assert neutralise("tags\U000e0041\U000e007f hidden") == "tags hidden"
    assert neutralise("lone \ud800 surrogate") == "lone  surrogate"
    # ordinary text, whitespace and the joiners that scripts and emoji need stay as they are
    for fine in ("plain", "Schéinen Dag", "\u0645\u0631\u062d\u0628\u0627", "tab\tline\nreturn\r", "می\u200cخواهم",
                 "\U0001f469\u200d\U0001f4bb", "日本語のテキスト", "=SUM(1,2)"):
        assert neutralise(fine) == fine, fine
    assert neutralise_doc({"k\u202e": ["v\u2066", 1, None, {"x": "\x00y"}]}) == {"k": ["v", 1, None, {"x": "y"}]}


def test_what_readers_type_is_shown_neutralised(client):
    typed = "pinterest\u202e.com\u2066\x00"
    r = client.get("/api/domains", params={"q": typed})
    assert r.status_code == 200 and r.json()["q"] == "pinterest.com"
    for path in (f"/?site={quote(typed)}", f"/?text={quote('caption ' + HAZARDS)}", f"/no/such/{quote(typed)}"):
        page = client.get(path, headers=HTML).text
        assert not [c for c in HAZARDS if c in page], path
    r = client.get("/api/language", params={"text": "a caption " + HAZARDS})
    assert r.status_code == 200 and not [c for c in HAZARDS if c in r.text]
