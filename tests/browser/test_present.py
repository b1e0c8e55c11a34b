"""The slides in headless Chromium: keyboard and clicker navigation through every slide, the address
tracking the slide, the live slider, the speaker-notes window kept in step, print to PDF."""

from __future__ import annotations

import re

import pytest

from app import story
from app.core import figures
from app.core.threshold import Cut
from app.web.views import slides as present

pytestmark = pytest.mark.browser


def open_deck(browser, url: str, width: int = 1280, height: int = 720):
    ctx = browser.new_context(viewport={"width": width, "height": height})
    page = ctx.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.goto(url)
    page.wait_for_function("() => window.explainerDeck !== undefined")
    page.evaluate("window.explainer.ready")
    return ctx, page, errors


def on_show(page) -> int:
    """The slide on show, checked three ways: the deck's state, the visible slide, the address."""
    n = page.evaluate("window.explainerDeck.current")
    visible = page.evaluate("""() => [...document.querySelectorAll('.slide')]
        .filter(s => getComputedStyle(s).visibility === 'visible').map(s => Number(s.dataset.slide))""")
    assert visible == [n]
    assert page.evaluate("location.hash") == f"#{n}"
    assert page.get_attribute(".deck-progress", "aria-valuenow") == str(n)
    return n


def slide_count(dataset) -> int:
    return len(present.build_slides(story.build_steps(dataset, figures.default_cut(dataset))))


def test_keys_walk_every_slide(browser, live_url, dataset):
    count = slide_count(dataset)
    ctx, page, errors = open_deck(browser, live_url + "/present")
    assert page.evaluate("window.explainerDeck.count") == count
    assert on_show(page) == 1
    # clickers send PageDown / PageUp; keyboards arrows and Space / Shift+Space
    for key, want in [("ArrowRight", 2), ("PageDown", 3), ("Space", 4), ("ArrowDown", 5), ("Shift+Space", 4),
                      ("PageUp", 3), ("ArrowLeft", 2), ("ArrowUp", 1), ("ArrowLeft", 1), ("End", count),
                      ("ArrowRight", count), ("Home", 1)]:
        page.keyboard.press(key)
        assert on_show(page) == want, key
    for n in range(2, count + 1):
        page.keyboard.press("ArrowRight" if n % 2 else "PageDown")
        assert on_show(page) == n
        # the chart of a chart slide fills its panel: drawn at the panel's size
        fits = page.evaluate("""n => { const s = document.querySelector(`.slide[data-slide="${n}"]`);
            const el = s.querySelector('[data-chart]'); if (!el) return null; const svg = el.querySelector('svg');
            return svg && Math.abs(svg.getBoundingClientRect().height - el.clientHeight) <= 2
                && Math.abs(svg.getBoundingClientRect().width - el.clientWidth) <= 2; }""", n)
        assert fits in (None, True), n
        # the text fits its slide (present.js shrinks the type when needed)
        assert page.evaluate("""n => { const t = document.querySelector(`.slide[data-slide="${n}"] .slide-text`);
            return t.scrollHeight <= t.clientHeight + 1; }""", n), n
    page.click("[data-go=prev]")
    assert on_show(page) == count - 1
    assert not errors, errors
    ctx.close()


def test_address_opens_a_slide(browser, live_url, dataset):
    ctx, page, _ = open_deck(browser, live_url + "/present#5")
    assert on_show(page) == 5
    page.evaluate("location.hash = '#7'")
    page.wait_for_function("() => window.explainerDeck.current === 7")
    ctx.close()
    # a step's id opens its first slide, so links into the story work here too
    steps = story.build_steps(dataset, figures.default_cut(dataset))
    first = next(s.number for s in present.build_slides(steps) if s.step and s.step.id == "threshold")
    ctx, page, _ = open_deck(browser, live_url + "/present#threshold")
    assert on_show(page) == first
    ctx.close()


def test_slider_is_live_on_its_slides(browser, live_url, dataset):
    ctx, page, errors = open_deck(browser, live_url + "/present")
    n = int(page.get_attribute(".slide:has(input[type=range])", "data-slide"))
    page.evaluate(f"window.explainerDeck.show({n})")
    slider = page.locator(f'.slide[data-slide="{n}"] input[type=range]')
    slider.focus()
    for _ in range(5):
        page.keyboard.press("ArrowRight")  # on the slider, arrows move the offset, not the slides
    page.wait_for_function("() => window.explainer.d > 0.0049")
    assert on_show(page) == n
    st = dataset.threshold(Cut(d=0.005))
    assert page.get_attribute(f'.slide[data-slide="{n}"] [data-stat=removed]', "data-value") == str(st["removed"])
    page.keyboard.press("PageDown")  # a clicker still changes slides
    assert on_show(page) == n + 1
    page.keyboard.press("f")  # full screen: refused or granted, never an error
    assert not errors, errors
    ctx.close()


def test_speaker_notes_follow_the_slides(browser, live_url, dataset, tmp_path):
    ctx, page, errors = open_deck(browser, live_url + "/present#3")
    with ctx.expect_page() as popup:
        page.keyboard.press("s")
    notes = popup.value
    notes.wait_for_load_state()
    notes.wait_for_function("() => window.explainerNotes && window.explainerNotes.current === 3")
    steps = story.build_steps(dataset, figures.default_cut(dataset))
    data = present.notes_data(present.build_slides(steps))
    assert notes.text_content("[data-notes-title]") == data[2]["title"]
    assert notes.locator("[data-notes-list] li").all_text_contents() == data[2]["notes"]
    page.keyboard.press("ArrowRight")
    notes.wait_for_function("() => window.explainerNotes.current === 4")
    assert notes.text_content("[data-notes-next]") == data[3]["next"]
    # the notes window drives the slides: its buttons and its keys
    notes.click("[data-go=next]")
    page.wait_for_function("() => window.explainerDeck.current === 5")
    notes.keyboard.press("PageUp")
    page.wait_for_function("() => window.explainerDeck.current === 4")
    # the threshold set on the slides shows in the notes
    page.evaluate("window.explainer.setThreshold(0.3)")
    notes.wait_for_function("() => document.querySelector('[data-notes-t]').textContent === '0.300'")
    page.evaluate("window.explainer.setOffset(0.01)")
    notes.wait_for_function("() => document.querySelector('[data-notes-t]').textContent === 'published +0.010'")
    assert not errors, errors
    ctx.close()


def test_print_gives_one_page_per_slide(browser, live_url, dataset):
    count = slide_count(dataset)
    ctx, page, errors = open_deck(browser, live_url + "/present#4")
    pdf = page.pdf(prefer_css_page_size=True, print_background=True)
    pages = len(re.findall(rb"/Type\s*/Page\b", pdf))
    assert pages == count
    # the pages are 16:9 landscape (13.333 x 7.5 in = 960 x 540 pt)
    box = re.search(rb"/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]", pdf)
    assert box and float(box.group(1)) == pytest.approx(960, abs=1) and float(box.group(2)) == pytest.approx(540, abs=1)
    assert not errors
    ctx.close()
