"""Move the slider, then read every text on the page: nothing may still state the first cut's figures.

For the story, an embed (after an explainer:offset message) and the speaker-notes window, the page as
it reads after the move must equal, text for text, the same page opened afresh at the new cut (whose
text the server wrote). Every text node outside script, style and noscript counts, and every
aria-label, aria-valuetext, title and alt attribute (chart descriptions are aria-describedby text).
Also: no token that only the first cut's page has is left anywhere."""

from __future__ import annotations

import re
from typing import Any

import pytest

from app import story
from app.core.threshold import Cut
from app.web.views import slides as present

pytestmark = pytest.mark.browser

FIRST, THEN = 0.01, 0.037  # two offsets; the replica opens at d = 0
KEYS_TO_THEN = round((THEN - FIRST) * 1000)  # arrow presses on the offset slider (step 0.001)

# every text the reader (or a screen reader) gets, in document order
ALL_TEXT = """(root) => {
  const out = [];
  const skip = new Set(['SCRIPT', 'STYLE', 'NOSCRIPT', 'TEMPLATE']);
  const walk = (el) => {
    if (skip.has(el.tagName)) return;
    for (const a of ['aria-label', 'aria-valuetext', 'title', 'alt']) {
      if (el.hasAttribute && el.hasAttribute(a)) out.push('@' + a + '=' + el.getAttribute(a));
    }
    for (const n of el.childNodes) {
      if (n.nodeType === 3) { const t = n.textContent.trim(); if (t) out.push(t); }
      else if (n.nodeType === 1) walk(n);
    }
  };
  walk(root ? document.querySelector(root) : document.body);
  return out;
}"""
# each chart's aria-describedby text
DESCRIPTIONS = """() => Object.fromEntries([...document.querySelectorAll('[data-chart][aria-describedby]')]
  .map(el => [el.dataset.chart, document.getElementById(el.getAttribute('aria-describedby')).textContent]))"""
TOKEN = re.compile(r"[≈<+]?\d[\d,.]*[%KMB]?")


def tokens(texts: list[str]) -> set[str]:
    """The numbers a page states."""
    return {m.group(0).rstrip(".,") for t in texts for m in TOKEN.finditer(t)}


def open_page(browser: Any, url: str, ready: str = "window.explainer.ready") -> tuple[Any, Any, list[str]]:
    ctx = browser.new_context(viewport={"width": 1280, "height": 900})
    page = ctx.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(url)
    page.wait_for_function("() => window.explainer !== undefined")
    page.evaluate(ready)
    return ctx, page, errors


def assert_no_stale_text(moved: list[str], fresh: list[str], first: list[str], where: str) -> None:
    stale = (tokens(first) - tokens(fresh)) & tokens(moved)
    assert not stale, f"{where}: the first cut's figures are still on the page: {sorted(stale)[:20]}"
    diff = [(a, b) for a, b in zip(moved, fresh, strict=False) if a != b]
    assert len(moved) == len(fresh) and not diff, f"{where}: {diff[:5]}"


def test_the_story_after_the_slider_moves_reads_as_the_server_writes_it(browser, live_url):
    ctx, first_page, _ = open_page(browser, f"{live_url}/?d={FIRST}")
    first, first_desc = first_page.evaluate(ALL_TEXT), first_page.evaluate(DESCRIPTIONS)
    ctx.close()
    ctx, fresh_page, _ = open_page(browser, f"{live_url}/?d={THEN}")
    fresh, fresh_desc = fresh_page.evaluate(ALL_TEXT), fresh_page.evaluate(DESCRIPTIONS)
    ctx.close()

    ctx, page, errors = open_page(browser, f"{live_url}/?d={FIRST}")
    slider = page.locator("#threshold input[name=d]")
    slider.scroll_into_view_if_needed()
    slider.focus()
    for _ in range(KEYS_TO_THEN):
        page.keyboard.press("ArrowRight")
    page.wait_for_function(f"() => document.querySelector('[data-stat=cut]').dataset.value === '{THEN}'")
    page.evaluate(f"window.explainer.setOffset({THEN})")  # resolves once every chart shows it
    page.wait_for_function(f"() => location.search === '?d={THEN}'")
    moved = page.evaluate(ALL_TEXT)
    assert tokens(first) - tokens(fresh), "the two cuts should state different figures"
    assert_no_stale_text(moved, fresh, first, "story")
    # the chart descriptions are the charts' aria-describedby text: those stating figures of the cut moved
    moved_desc = page.evaluate(DESCRIPTIONS)
    assert moved_desc == fresh_desc
    changed = {k for k in first_desc if first_desc[k] != fresh_desc[k]}
    assert {"similarity", "removed", "site_mix", "language_mix"} <= changed, changed
    assert not errors, errors
    ctx.close()


@pytest.mark.parametrize("chart", ["removed", "similarity", "site_mix", "language_mix"])
def test_an_embed_after_a_message_reads_as_the_server_writes_it(browser, live_url, chart):
    ctx, p, _ = open_page(browser, f"{live_url}/embed/{chart}?d={FIRST}")
    first = p.evaluate(ALL_TEXT)
    ctx.close()
    ctx, p, _ = open_page(browser, f"{live_url}/embed/{chart}?d={THEN}")
    fresh = p.evaluate(ALL_TEXT)
    ctx.close()
    ctx, page, errors = open_page(browser, f"{live_url}/embed/{chart}?d={FIRST}")
    page.evaluate(f"window.postMessage({{type: 'explainer:offset', d: {THEN}}}, '*')")
    page.wait_for_function(f"() => document.querySelector('[data-stat=cut]').dataset.value === '{THEN}'")
    page.evaluate("window.explainer.ready")
    moved = page.evaluate(ALL_TEXT)
    assert_no_stale_text(moved, fresh, first, f"embed {chart}")
    # and back to an absolute threshold by the older message
    page.evaluate("window.postMessage({type: 'explainer:threshold', t: 0.3}, '*')")
    page.wait_for_function("() => document.querySelector('[data-stat=cut]').dataset.value === '0.3'")
    ctx2, p2, _ = open_page(browser, f"{live_url}/embed/{chart}?t=0.3")
    fresh_t = p2.evaluate(ALL_TEXT)
    ctx2.close()
    # the slider itself stays the offset slider; every text but its position reads as at ?t=0.3
    assert tokens(page.evaluate(ALL_TEXT)) == tokens(fresh_t)
    assert not errors, errors
    ctx.close()


def test_the_notes_window_follows_the_slides_numbers(browser, live_url, dataset):
    steps = story.build_steps(dataset, Cut(d=0))
    slides = present.build_slides(steps)
    n = next(s.number for s in slides if s.chart == "removed")
    ctx, page, errors = open_page(browser, f"{live_url}/present?d={FIRST}#{n}")
    with ctx.expect_page() as popup:
        page.keyboard.press("s")
    notes = popup.value
    notes.wait_for_load_state()
    notes.wait_for_function(f"() => window.explainerNotes && window.explainerNotes.current === {n}")
    first = notes.evaluate(ALL_TEXT, "[data-notes-script]")
    page.evaluate(f"window.explainer.setOffset({THEN})")
    notes.wait_for_function(
        f"() => document.querySelector('[data-notes-t]').textContent === 'published +{THEN:.3f}'")
    page.wait_for_timeout(400)  # the slides broadcast after their debounce
    moved = notes.evaluate(ALL_TEXT, "[data-notes-script]")
    fresh_page = ctx.new_page()
    fresh_page.goto(f"{live_url}/present/notes?d={THEN}#{n}")
    fresh_page.wait_for_function(f"() => window.explainerNotes && window.explainerNotes.current === {n}")
    fresh = fresh_page.evaluate(ALL_TEXT, "[data-notes-script]")
    assert tokens(first) - tokens(fresh), "the slide's text should state other figures at the new cut"
    assert_no_stale_text(moved, fresh, first, "speaker notes")
    assert not errors, errors
    ctx.close()
