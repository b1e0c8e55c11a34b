"""Every chart reads cleanly from 300 px up, on the story and in every embed: walked through Vega's
scenegraph (tests/browser/layout.py), no text mark reaches outside the drawn view, is cut short
with an ellipsis or overlaps another, and no chart is drawn wide and shrunk by CSS."""

from __future__ import annotations

import pytest

from app import charts
from tests.browser.layout import chart_problems

pytestmark = pytest.mark.browser

WIDTHS = (320, 375, 600)


def _ready(page) -> None:
    page.wait_for_function("() => window.explainer !== undefined")
    page.evaluate("window.explainer.ready")


@pytest.fixture(scope="module")
def chart_ids(dataset) -> list[str]:
    return [c.id for c in charts.available(dataset)]


@pytest.mark.parametrize("width", WIDTHS)
def test_story_charts_fit_their_boxes(browser, live_url, chart_ids, width: int) -> None:
    ctx = browser.new_context(viewport={"width": width, "height": 800})
    page = ctx.new_page()
    page.goto(live_url + "/")
    _ready(page)
    problems, checked = chart_problems(page)
    ctx.close()
    assert sorted(checked) == sorted(chart_ids)  # phones stack every figure: all of them are on show
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("width", WIDTHS)
def test_embedded_charts_fit_their_frames(browser, live_url, chart_ids, width: int) -> None:
    # an embed's viewport is its iframe: a page of this width is the frame of a column this wide
    ctx = browser.new_context(viewport={"width": width, "height": 700})
    page = ctx.new_page()
    found = []
    for cid in chart_ids:
        page.goto(f"{live_url}/embed/{cid}")
        _ready(page)
        problems, checked = chart_problems(page)
        assert checked == [cid]
        found += problems
    ctx.close()
    assert not found, "\n".join(found)


def test_the_check_finds_a_wide_layout_squeezed_into_a_phone(browser, live_url) -> None:
    """The same walk fails charts drawn with their wide layout in a 320 px box (vw forced to 720)."""
    ctx = browser.new_context(viewport={"width": 320, "height": 700})
    page = ctx.new_page()
    found = {}
    for cid in ("sites", "aesthetic", "language_check"):
        page.goto(f"{live_url}/embed/{cid}")
        _ready(page)
        page.evaluate("Promise.all(explainer.views.map(v => v.view.signal('vw', 720).runAsync())).then(() => 1)")
        found[cid] = chart_problems(page)[0]
    ctx.close()
    assert all(found.values()), found


def test_charts_follow_their_box_when_it_narrows(browser, live_url) -> None:
    """vw follows the container: a window resized from 1280 px to 375 px gets the narrow layout."""
    ctx = browser.new_context(viewport={"width": 1280, "height": 800})
    page = ctx.new_page()
    page.goto(f"{live_url}/embed/sites")
    _ready(page)
    wide = page.evaluate("window.explainer.views[0].view.signal('vw')")
    page.set_viewport_size({"width": 375, "height": 800})
    page.wait_for_function("() => window.explainer.views[0].view.signal('vw') < 400")
    page.evaluate("window.explainer.views[0].view.runAsync().then(() => true)")
    problems, _ = chart_problems(page)
    ctx.close()
    assert wide > 1000
    assert not problems, "\n".join(problems)
