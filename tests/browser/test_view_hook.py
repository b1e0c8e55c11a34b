"""`window.explainer.view(chartId)`: the chart's Vega View on the story, the slides and the embeds."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser

_HOOK = """async (id) => {
  await window.explainer.ready;
  const v = window.explainer.view(id);
  return {kind: v && typeof v.signal, t: v && v.signal('t'), page: window.explainer.t,
          none: window.explainer.view('no-such-chart'), rendered: !!(v && v.scenegraph().root.items.length)};
}"""


@pytest.mark.parametrize("path", ["/?t=0.300", "/present?t=0.300", "/embed/similarity?t=0.300"])
def test_view_returns_the_charts_vega_view(browser, live_url, path: str) -> None:
    ctx = browser.new_context(viewport={"width": 1280, "height": 800})
    page = ctx.new_page()
    page.goto(live_url + path)
    page.wait_for_function("() => window.explainer !== undefined")
    got = page.evaluate(_HOOK, "similarity")
    # the view follows the page's threshold: moving it moves the view's param
    page.evaluate("window.explainer.setThreshold(0.31).then(() => 1)")
    moved = page.evaluate("window.explainer.view('similarity').signal('t')")
    ctx.close()
    assert got["kind"] == "function" and got["rendered"] and got["none"] is None
    assert got["t"] == pytest.approx(0.3) and got["page"] == pytest.approx(0.3)
    assert moved == pytest.approx(0.31)
