"""The strict Content-Security-Policy (no 'unsafe-inline' styles) in headless Chromium: the story, an
embed and the slides draw every chart with zero violations, served and from the static export."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

pytestmark = pytest.mark.browser

# recorded from the first script on: every violation of the page's policy, whatever caused it
LISTEN = """window.__csp = [];
document.addEventListener('securitypolicyviolation', e => window.__csp.push(
  [e.violatedDirective, e.blockedURI, e.sourceFile, e.lineNumber, (e.sample || '').slice(0, 60)].join(' | ')), true);"""


def open_page(browser: Any, url: str, **ctx_options: Any) -> tuple[Any, Any, list[str]]:
    ctx = browser.new_context(viewport={"width": 1280, "height": 900}, **ctx_options)
    page = ctx.new_page()
    page.add_init_script(LISTEN)
    console: list[str] = []
    page.on("console", lambda m: console.append(m.text) if m.type == "error" else None)
    page.goto(url)
    page.wait_for_function("() => window.explainer !== undefined")
    page.evaluate("window.explainer.ready")
    return ctx, page, console


def exercise(page: Any) -> None:
    """Hover every chart (tooltips), move the slider: what Vega draws and styles at run time."""
    for el in page.query_selector_all("[data-chart]")[:6]:
        el.scroll_into_view_if_needed()
        box = el.bounding_box()
        if box:
            page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] * 0.6)
            page.wait_for_timeout(150)
    page.evaluate("window.explainer.setThreshold && window.explainer.setThreshold(0.31)")
    page.wait_for_timeout(300)


def check(page: Any, console: list[str], where: str) -> None:
    charts = page.evaluate("document.querySelectorAll('[data-chart]').length")
    drawn = page.evaluate("document.querySelectorAll('[data-chart].is-rendered').length")
    assert charts > 0 and drawn == charts, (where, drawn, charts)
    assert page.evaluate("document.querySelectorAll('[data-chart] svg, [data-chart] canvas').length") >= charts
    assert page.evaluate("window.__csp") == [], where
    assert not [m for m in console if "Content Security Policy" in m], where
    # the listener does catch what the policy forbids: an inline style attribute set as markup is refused
    page.evaluate("() => document.body.setAttribute('style', 'outline: 1px solid red')")
    page.wait_for_function("() => window.__csp.length > 0")
    assert page.evaluate("window.__csp")[0].startswith("style-src"), where


@pytest.mark.parametrize("path", ["/", "/embed/similarity", "/embed/similarity?theme=dark", "/present"])
def test_served_pages_draw_with_no_csp_violation(browser, live_url, path):
    ctx, page, console = open_page(browser, live_url + path)
    csp = page.evaluate("() => fetch(location.href).then(r => r.headers.get('content-security-policy'))")
    assert "style-src 'self';" in csp and "unsafe-inline" not in csp
    exercise(page)
    check(page, console, path)
    ctx.close()


@pytest.mark.parametrize("rel", ["index.html", "embed/similarity.html", "present.html"])
def test_exported_pages_draw_with_no_csp_violation(browser, exported_site: Path, rel):
    ctx, page, console = open_page(browser, exported_site.resolve().as_uri() + "/" + rel, offline=True)
    assert "style-src 'self';" in page.get_attribute('meta[http-equiv="Content-Security-Policy"]', "content")
    exercise(page)
    check(page, console, rel)
    ctx.close()
