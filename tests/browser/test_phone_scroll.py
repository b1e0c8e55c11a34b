"""Phones scroll like a newsroom piece: a step's chart is pinned under the navigation and the step's
slider while its text cards scroll over it, and the card in the middle of the screen picks the chart."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser

_STATE = """() => {
  const panel = document.querySelector('#threshold .step-panel');
  const fig = panel.querySelector('.figure.is-current');
  const chart = fig.querySelector('.chart').getBoundingClientRect();
  const slider = document.querySelector('#threshold > .slider').getBoundingClientRect();
  return {current: fig.dataset.figure, panelTop: panel.getBoundingClientRect().top, sliderTop: slider.top,
          sliderBottom: slider.bottom, chartTop: chart.top, chartBottom: chart.bottom, screen: innerHeight,
          position: getComputedStyle(panel).position};
}"""


def test_the_pinned_chart_follows_the_cards_under_the_slider(browser, live_url) -> None:
    ctx = browser.new_context(viewport={"width": 375, "height": 740}, is_mobile=True, has_touch=True,
                              reduced_motion="reduce")
    page = ctx.new_page()
    page.goto(live_url + "/")
    page.wait_for_function("() => window.explainer !== undefined")
    page.evaluate("window.explainer.ready")
    seen = []
    for chart in ("similarity", "removed", "site_mix"):
        beat = f'#threshold .beat[data-beat-chart="{chart}"]'
        if not page.query_selector(beat):
            continue
        page.evaluate(f"document.querySelector('{beat}').scrollIntoView({{block: 'center'}})")
        page.wait_for_function(f"() => document.querySelector('#fig-{chart}').classList.contains('is-current')",
                               timeout=5000)
        s = page.evaluate(_STATE)
        seen.append(s["current"])
        assert s["position"] == "sticky"
        # the slider and the chart share the screen: the panel sits right under the slider, in view
        assert s["sliderTop"] >= 0 and s["sliderBottom"] <= s["panelTop"] + 1, s
        assert s["panelTop"] < s["screen"] / 2 and s["chartBottom"] > s["sliderBottom"], s
    ctx.close()
    assert len(seen) >= 2 and len(set(seen)) == len(seen)  # each card brought its own chart forward
