"""The sticky chart panel on laptop screens (1024×768, 1366×768): a pinned panel shows each of its
figures whole (title, chart, caption, data and downloads) without scrolling inside it; a panel whose
figures cannot fit is not pinned and scrolls with the page. The chart data tables are bounded, so
opening the 728-row similarity table neither grows the panel nor an embed to thousands of px."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser

LAPTOPS = ((1024, 768), (1366, 768))

_PANELS = """() => [...document.querySelectorAll('.step-panel')].map(p => {
  const s = getComputedStyle(p);
  return {step: p.closest('.step').id, position: s.position, overflow: s.overflowY,
          client: p.clientHeight, scroll: p.scrollHeight,
          figures: [...p.querySelectorAll('.figure')].map(f => f.dataset.figure)};
})"""

_SHOW = """(id) => {
  const f = document.getElementById('fig-' + id), step = f.closest('.step');
  window.scrollTo({top: step.getBoundingClientRect().top + scrollY, behavior: 'instant'});
  step.querySelectorAll('.figure').forEach(g => g.classList.toggle('is-current', g === f));
  f.closest('.step-panel').scrollTop = 0;
}"""

# the bottom of a figure's last line (its download links) against the panel's visible bottom and the screen's
_FIGURE_BOTTOM = """(id) => {
  const f = document.getElementById('fig-' + id), panel = f.closest('.step-panel');
  const links = f.querySelector('.figure-links').getBoundingClientRect();
  return {links: links.bottom, panel: panel.getBoundingClientRect().bottom, screen: innerHeight,
          top: f.getBoundingClientRect().top};
}"""


def _open(browser, url: str, width: int, height: int):
    ctx = browser.new_context(viewport={"width": width, "height": height})
    page = ctx.new_page()
    page.goto(url)
    page.wait_for_function("() => window.explainer !== undefined")
    page.evaluate("window.explainer.ready")
    page.wait_for_timeout(200)  # the panels are measured once the charts are drawn
    return ctx, page


@pytest.mark.parametrize(("width", "height"), LAPTOPS)
def test_pinned_panels_show_their_figures_whole(browser, live_url, width: int, height: int) -> None:
    ctx, page = _open(browser, live_url + "/", width, height)
    panels = page.evaluate(_PANELS)
    cut = []
    for p in panels:
        if p["position"] != "sticky":
            assert p["overflow"] == "visible", p  # not pinned: nothing scrolls inside it
            continue
        if p["scroll"] > p["client"] + 1:
            cut.append(f"{p['step']}: {p['scroll']} px of figures in a {p['client']} px panel")
        for fid in p["figures"]:
            # the step at the top of the screen, this figure on show
            page.evaluate(_SHOW, fid)
            b = page.evaluate(_FIGURE_BOTTOM, fid)
            if b["links"] > min(b["panel"], b["screen"]) + 1:
                cut.append(f"{fid}: downloads end at {b['links']:.0f} px, the panel at {b['panel']:.0f}, "
                           f"the screen at {b['screen']}")
    pinned = [p["step"] for p in panels if p["position"] == "sticky"]
    ctx.close()
    assert not cut, "\n".join(cut)
    # the step with the slider and three figures stays pinned on both screens
    assert "threshold" in pinned, pinned


def test_an_opened_data_table_scrolls_in_a_bounded_region(browser, live_url) -> None:
    ctx, page = _open(browser, live_url + "/", 1366, 768)
    before = page.evaluate("document.querySelector('#fig-similarity').closest('.step-panel').scrollHeight")
    page.click("#fig-similarity .figure-data summary")
    region = page.locator("#fig-similarity .table-wrap")
    box = region.evaluate("e => ({h: e.clientHeight, s: e.scrollHeight, tab: e.tabIndex, role: e.getAttribute('role'),"
                          " name: e.getAttribute('aria-label'), overflow: getComputedStyle(e).overflowY})")
    after = page.evaluate("document.querySelector('#fig-similarity').closest('.step-panel').scrollHeight")
    # the keyboard reaches it and scrolls it
    region.focus()
    page.keyboard.press("PageDown")
    page.wait_for_function("() => document.querySelector('#fig-similarity .table-wrap').scrollTop > 0")
    ctx.close()
    assert box["s"] > 10 * box["h"] and box["h"] <= 0.55 * 768 + 1 and box["overflow"] == "auto"
    assert box["tab"] == 0 and box["role"] == "region" and box["name"]
    assert after - before <= 0.55 * 768 + 60


def test_an_embed_with_its_table_open_stays_short(browser, live_url) -> None:
    ctx, page = _open(browser, live_url + "/embed/similarity", 600, 700)
    page.click(".figure-data summary")
    page.wait_for_timeout(100)
    height = page.evaluate("Math.ceil(document.documentElement.getBoundingClientRect().height)")
    rows = page.evaluate("document.querySelectorAll('.figure-data tbody tr').length")
    ctx.close()
    assert rows > 100  # the test data has a long table: it is the box that is bounded
    assert height < 1600
