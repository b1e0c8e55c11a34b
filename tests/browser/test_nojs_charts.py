"""Without JavaScript the charts are the server's SVG renders: a phone gets the narrow render (360 px,
the charts' phone layout) instead of the 720 px one shrunk to 5 px text, and that render's text is
neither cut off nor overprinted."""

from __future__ import annotations

import pytest

from app import charts
from tests.browser.layout import svg_text_problems

pytestmark = pytest.mark.browser

_IMAGES = """() => [...document.querySelectorAll('.chart img')].map(i => ({
  chart: i.closest('[data-chart]').dataset.chart, src: i.currentSrc, shown: i.getBoundingClientRect().width,
  natural: i.naturalWidth}))"""


def _images(browser, url: str, width: int, scheme: str = "light") -> list[dict]:
    ctx = browser.new_context(viewport={"width": width, "height": 800}, java_script_enabled=False,
                              color_scheme=scheme)
    page = ctx.new_page()
    page.goto(url)
    for img in page.query_selector_all(".chart img"):  # lazy images load once scrolled to
        img.scroll_into_view_if_needed()
        page.wait_for_function("i => i.complete && i.naturalWidth > 0", arg=img)
    found = page.evaluate(_IMAGES)
    ctx.close()
    return found


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_a_phone_without_js_gets_the_narrow_renders(browser, live_url, dataset, scheme: str) -> None:
    images = _images(browser, live_url + "/", 375, scheme)
    assert sorted(i["chart"] for i in images) == sorted(c.id for c in charts.available(dataset))
    for i in images:
        assert "narrow=true" in i["src"], i
        assert ("theme=dark" in i["src"]) == (scheme == "dark"), i
        # drawn about as wide as it is shown: 12 px chart text stays at 10 px or more
        assert i["natural"] == 360 and i["shown"] / i["natural"] >= 0.85, i


def test_a_wide_screen_without_js_gets_the_wide_renders(browser, live_url) -> None:
    for i in _images(browser, live_url + "/", 1600):
        assert "narrow=true" not in i["src"] and i["natural"] == 720, i


def test_an_embed_in_a_narrow_frame_without_js_gets_the_narrow_render(browser, live_url) -> None:
    (img,) = _images(browser, live_url + "/embed/sites?theme=dark", 320)
    assert "narrow=true" in img["src"] and "theme=dark" in img["src"]


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_narrow_renders_keep_their_text_inside_and_apart(browser, live_url, dataset, theme: str) -> None:
    ctx = browser.new_context(bypass_csp=True)  # the SVG's own CSP forbids scripts, ours included
    page = ctx.new_page()
    found = []
    for c in charts.available(dataset):
        page.goto(f"{live_url}/charts/{c.id}.svg?narrow=true&inline=true&theme={theme}")
        problems, texts, width = svg_text_problems(page)
        assert texts > 3 and width == 360, c.id
        found += [f"{c.id}: {p}" for p in problems]
    ctx.close()
    assert not found, "\n".join(found)
