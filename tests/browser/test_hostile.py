"""Hostile captions and host names in headless Chromium: nothing they carry ever runs.

The corpus (tests/hostile_corpus.py) puts 20 attack captions on the page and attack host names in
the charts. Payloads that would run set window.__pwned or call alert(); `src=x` payloads would also
request a file named x. On the story, the slides, every embed, the charts' tooltips, the 404 page
and the static export (when `python -m app export` exists), each test checks: no dialog, no
canary, no request for x or to any other host, no page error, and no Content-Security-Policy
violation (a blocked inline handler would mean markup got through even though it did not run).
The story also runs with the CSP bypassed: escaping alone must hold.
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlsplit

import pytest

from app.core.text import neutralise
from tests.browser.conftest import serve
from tests.hostile_corpus import HOSTILE_CAPTIONS, build_corpus
from tests.servers import free_port

ROOT = Path(__file__).resolve().parents[2]
HOVER_PER_CHART = 40  # tooltip items hovered per chart (all of them when fewer)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("hostile-browser")
    build_corpus(root)
    return root


@pytest.fixture(scope="module")
def hostile_url(corpus: Path) -> Iterator[str]:
    from app.web.main import create_app

    yield from serve(create_app(corpus / "aggregates"), free_port())


@pytest.fixture(scope="module")
def export_dir(corpus: Path) -> Path:
    out = corpus / "export"
    r = subprocess.run([sys.executable, "-m", "app", "export", "--out", str(out), "--data", str(corpus / "aggregates")],
                       capture_output=True, text=True, cwd=ROOT, timeout=600)
    assert r.returncode == 0, r.stderr
    return out


class Watch:
    """Everything a page does that hostile data could have caused."""

    def __init__(self, page: Any, allowed: tuple[str, ...]) -> None:
        self.page, self.allowed = page, allowed
        self.dialogs: list[str] = []
        self.requests: list[str] = []
        self.errors: list[str] = []
        self.csp: list[str] = []
        page.on("dialog", self._dialog)
        page.on("request", lambda r: self.requests.append(r.url))
        page.on("pageerror", lambda e: self.errors.append(str(e)))
        page.on("console", self._console)

    def _dialog(self, d: Any) -> None:
        self.dialogs.append(f"{d.type}: {d.message}")
        d.dismiss()

    def _console(self, m: Any) -> None:
        if "Content Security Policy" in m.text or "Content-Security-Policy" in m.text:
            self.csp.append(m.text[:300])

    def check(self, where: str) -> None:
        assert not self.dialogs, (where, self.dialogs)
        assert self.page.evaluate("() => window.__pwned") is None, where
        stray = [u for u in self.requests
                 if urlsplit(u).path.rstrip("/").endswith("/x") or not u.startswith(self.allowed)]
        assert not stray, (where, stray)
        assert not self.errors, (where, self.errors)
        assert not self.csp, (where, self.csp)


def open_page(browser: Any, url: str, allowed: tuple[str, ...], width: int = 1280, **ctx: Any) -> tuple[Any, Watch]:
    context = browser.new_context(viewport={"width": width, "height": 900}, **ctx)
    page = context.new_page()
    watch = Watch(page, allowed)
    page.goto(url)
    page.wait_for_function("() => document.readyState === 'complete'")
    if page.evaluate("() => !!document.getElementById('explainer-data')"):
        page.wait_for_function("() => window.explainer !== undefined && window.explainer.ready !== undefined")
        page.evaluate("() => window.explainer.ready")
    return page, watch


def scroll_through(page: Any) -> None:
    """Scroll to the end a screen at a time, so every step activates and every lazy thing loads."""
    height = page.evaluate("() => document.documentElement.scrollHeight")
    for y in range(0, height, 700):
        page.evaluate(f"() => window.scrollTo(0, {y})")
        page.wait_for_timeout(30)
    page.evaluate("() => window.scrollTo(0, document.documentElement.scrollHeight)")
    page.wait_for_timeout(100)


HOVER_POINTS = """(max) => {
  // centres of the items that carry a tooltip, in page coordinates, per chart view
  return window.explainer.views.map(({id, view}) => {
    const canvas = view.container().querySelector("canvas, svg");
    if (!canvas) return {id, points: []};
    const box = canvas.getBoundingClientRect(), origin = view.origin(), pts = [];
    (function walk(node, dx, dy) {
      if (!node) return;
      if (node.marktype === "group") {
        (node.items || []).forEach(g => (g.items || []).forEach(m => walk(m, dx + (g.x || 0), dy + (g.y || 0))));
        return;
      }
      if (node.interactive === false) return;
      (node.items || []).forEach(it => {
        if (it.tooltip === undefined || it.tooltip === null || !it.bounds || it.bounds.empty()) return;
        pts.push([box.left + origin[0] + dx + (it.bounds.x1 + it.bounds.x2) / 2,
                  box.top + origin[1] + dy + (it.bounds.y1 + it.bounds.y2) / 2]);
      });
    })(view.scenegraph().root, 0, 0);
    const step = Math.max(1, Math.ceil(pts.length / max));
    return {id, points: pts.filter((_, i) => i % step === 0)};
  });
}"""

TOOLTIP = """() => {
  const el = document.getElementById("vg-tooltip-element");
  if (!el || !el.classList.contains("visible")) return null;
  return {text: el.textContent, elements: el.querySelectorAll("img, svg, script, iframe, a, math, style").length};
}"""


def hover_tooltips(page: Any) -> list[dict[str, Any]]:
    """Hover every chart's tooltip items (scrolled into view) and return what the tooltips showed."""
    seen = []
    for chart in page.evaluate(HOVER_POINTS, HOVER_PER_CHART):
        page.locator(f'[data-chart="{chart["id"]}"]').first.scroll_into_view_if_needed()
        # positions were measured before scrolling: measure again for this chart alone
        fresh = next(c for c in page.evaluate(HOVER_POINTS, HOVER_PER_CHART) if c["id"] == chart["id"])
        for x, y in fresh["points"]:
            page.mouse.move(x, y)
            tip = page.evaluate(TOOLTIP)
            if tip:
                seen.append({"chart": chart["id"], **tip})
    return seen


def shown_captions(page: Any) -> list[str]:
    return page.evaluate("() => Array.from(document.querySelectorAll('.captions q'), q => q.textContent)")


def check_captions_are_text(page: Any, where: str) -> None:
    shown = shown_captions(page)
    for caption in map(neutralise, HOSTILE_CAPTIONS):  # without control and bidi characters (app/core/text.py)
        want = caption if len(caption) <= 280 else caption[:279] + "…"
        assert want in shown, (where, caption[:60])
    assert page.evaluate("() => document.querySelectorAll('.captions q *').length") == 0, where


# ---------------------------------------------------------------- the server's pages


@pytest.mark.parametrize("csp", ["enforced", "bypassed"])
def test_story_runs_nothing(browser: Any, hostile_url: str, csp: str) -> None:
    page, watch = open_page(browser, hostile_url + "/", (hostile_url,), bypass_csp=csp == "bypassed")
    check_captions_are_text(page, "story")
    scroll_through(page)
    # focus every focusable element once (autofocus / onfocus payloads would fire on focus)
    for _ in range(60):
        page.keyboard.press("Tab")
    page.evaluate("() => window.explainer.setThreshold(0.47)")
    page.evaluate("() => window.explainer.ready")
    watch.check(f"story, CSP {csp}")
    page.context.close()


def test_reflected_text_and_path_run_nothing(browser: Any, hostile_url: str) -> None:
    payload = '"><img src=x onerror=window.__pwned=20><script>alert(20)</script>'
    page, watch = open_page(browser, f"{hostile_url}/?text={quote(payload)}#cld3", (hostile_url,))
    assert page.input_value("#cld3-text") == payload  # the no-JS language box shows it back, as a value
    watch.check("story ?text=")
    page.goto(f"{hostile_url}/no/such/{quote('<img src=x onerror=window.__pwned=21>')}")
    assert "Page not found" in page.text_content("h1")
    watch.check("404 page")
    page.context.close()


def test_story_tooltips_show_hostile_hosts_as_text(browser: Any, hostile_url: str) -> None:
    # phones stack every chart, so each is on screen in turn and takes the pointer
    page, watch = open_page(browser, hostile_url + "/", (hostile_url,), width=375)
    tips = hover_tooltips(page)
    watch.check("story tooltips")
    assert tips, "no tooltip appeared"
    assert all(t["elements"] == 0 for t in tips), [t for t in tips if t["elements"]][:3]
    hostile = [t for t in tips if "onerror=alert(10)" in t["text"]]
    assert hostile, "the hostile host name never showed in a tooltip"
    page.context.close()


def embed_urls(base: str) -> list[str]:
    import httpx

    return [base + c["embed_url"] for c in httpx.get(base + "/api/charts").json()]


def test_every_embed_and_its_tooltips_run_nothing(browser: Any, hostile_url: str) -> None:
    urls = embed_urls(hostile_url)
    assert urls, "no embed pages"
    seen_hostile = False
    for url in urls:
        page, watch = open_page(browser, url, (hostile_url,))
        tips = hover_tooltips(page)
        watch.check(url)
        assert all(t["elements"] == 0 for t in tips), url
        seen_hostile |= any("onerror=alert(10)" in t["text"] for t in tips)
        page.context.close()
    assert seen_hostile, "no embed tooltip showed the hostile host name"


def test_slides_and_notes_run_nothing(browser: Any, hostile_url: str) -> None:
    import httpx

    assert httpx.get(hostile_url + "/present").status_code == 200
    page, watch = open_page(browser, hostile_url + "/present", (hostile_url,))
    count = page.evaluate("() => window.explainerDeck ? window.explainerDeck.count : 0")
    assert count > 1
    for _ in range(count):
        page.keyboard.press("ArrowRight")
        page.wait_for_timeout(40)
    page.evaluate("() => window.explainer.ready")
    watch.check("slides")
    page.goto(hostile_url + "/present/notes")
    page.wait_for_timeout(200)
    watch.check("speaker notes")
    page.context.close()


# ---------------------------------------------------------------- the static export, from file://


def test_static_export_runs_nothing(browser: Any, export_dir: Path) -> None:
    base = export_dir.resolve().as_uri()
    pages = ["index.html", "present.html", "present-notes.html"]
    pages += sorted(f"embed/{p.name}" for p in (export_dir / "embed").glob("*.html"))
    allowed = (base + "/", "data:", "blob:")
    for rel in pages:
        page, watch = open_page(browser, f"{base}/{rel}", allowed)
        if rel == "index.html":
            check_captions_are_text(page, "export story")
            scroll_through(page)
        if rel.startswith("embed/"):
            hover_tooltips(page)
        watch.check(f"export {rel}")
        page.context.close()
