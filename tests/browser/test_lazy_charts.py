"""The story draws its charts lazily (explainer-charts.js, the option `lazy`): Vega and the charts on
screen at load, the rest as the reader scrolls toward them (and, once they scroll, in idle time);
`explainer.ready` still means every chart drawn."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser

_STATE = """() => ({
  drawn: window.explainer.views.map(v => v.id),
  vega: typeof window.vegaEmbed === 'function',
  on_screen: [...document.querySelectorAll('[data-chart]')]
    .filter(el => { const r = el.getBoundingClientRect(); return r.bottom > 0 && r.top < innerHeight; })
    .map(el => el.dataset.chart),
  all: [...new Set([...document.querySelectorAll('[data-chart]')].map(el => el.dataset.chart))],
})"""


def _open(browser, url: str, width: int, height: int):
    ctx = browser.new_context(viewport={"width": width, "height": height})
    page = ctx.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(url)
    page.wait_for_function("() => window.explainer !== undefined")
    page.evaluate("window.explainer.drawn")
    page.wait_for_timeout(300)
    return ctx, page, errors


def test_a_phone_that_only_looks_compiles_no_chart(browser, live_url) -> None:
    # the first screen of a phone holds the title and the introduction, no chart
    ctx, page, errors = _open(browser, live_url + "/", 412, 823)
    state = page.evaluate(_STATE)
    html_has_vega_tag = page.evaluate("!!document.querySelector('script[src*=\"vega-bundle\"]')")
    prefetched = page.evaluate("document.querySelectorAll('link[rel=prefetch][href*=\"/static/vendor/\"]').length")
    listed = page.evaluate("document.querySelectorAll('meta[name=explainer-vega-script]').length")
    ctx.close()
    assert state["on_screen"] == [] and state["drawn"] == []
    assert not state["vega"] and not html_has_vega_tag, "Vega is loaded with the first chart, not the page"
    # fetched ahead once the page has loaded, not evaluated
    assert listed >= 1 and prefetched == listed, (listed, prefetched)
    assert not errors


def test_charts_draw_as_the_reader_scrolls_to_them(browser, live_url) -> None:
    ctx, page, errors = _open(browser, live_url + "/", 412, 823)
    page.evaluate("document.getElementById('fig-sites').scrollIntoView({block: 'center'})")
    page.wait_for_function("() => window.explainer.view('sites') !== null", timeout=20_000)
    assert page.evaluate(_STATE)["vega"]
    # a chart drawn late still shows the page's current cut
    page.evaluate("window.explainer.setOffset(0.02).then(() => 1)")
    page.evaluate("document.getElementById('fig-similarity').scrollIntoView({block: 'center'})")
    page.wait_for_function("() => window.explainer.view('similarity') !== null", timeout=20_000)
    page.evaluate("window.explainer.drawn")
    d = page.evaluate("window.explainer.view('similarity').signal('d')")
    # once the reader scrolls, the rest are drawn while the page is idle, without asking for `ready`
    page.wait_for_function("() => document.documentElement.classList.contains('charts-ready')", timeout=60_000)
    done = page.evaluate(_STATE)
    ctx.close()
    assert d == pytest.approx(0.02)
    assert sorted(set(done["drawn"])) == sorted(done["all"])
    assert not errors


def test_ready_draws_every_chart_of_a_page_that_only_looks(browser, live_url) -> None:
    ctx, page, errors = _open(browser, live_url + "/", 412, 823)
    assert page.evaluate(_STATE)["drawn"] == []
    page.evaluate("window.explainer.ready")
    done = page.evaluate(_STATE)
    ctx.close()
    assert sorted(set(done["drawn"])) == sorted(done["all"])
    assert not errors


def test_a_link_to_a_step_draws_its_chart(browser, live_url) -> None:
    ctx, page, errors = _open(browser, live_url + "/?d=0.010#threshold", 1280, 800)
    page.wait_for_function("() => window.explainer.view('similarity') !== null", timeout=20_000)
    state = page.evaluate(_STATE)
    ctx.close()
    assert set(state["on_screen"]) <= set(state["drawn"])
    assert not errors
