"""The slides in headless Chromium: keyboard and clicker navigation through every slide, the address
tracking the slide, the live slider, the speaker-notes window kept in step, print to PDF."""

from __future__ import annotations

import re

import pytest

from app import story
from app.core import figures
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


def open_notes(ctx, page, n: int):
    """The speaker-notes window the deck opens on `s`, once it shows slide n."""
    with ctx.expect_page() as popup:
        page.keyboard.press("s")
    notes = popup.value
    notes.wait_for_load_state()
    notes.wait_for_function(f"() => window.explainerNotes && window.explainerNotes.current === {n}")
    return notes


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


def test_slider_is_live_on_its_slides(browser, live_url, dataset, removed_at, removed_by_offset):
    ctx, page, errors = open_deck(browser, live_url + "/present")
    n = int(page.get_attribute(".slide:has(input[type=range])", "data-slide"))
    page.evaluate(f"window.explainerDeck.show({n})")
    slider = page.locator(f'.slide[data-slide="{n}"] input[type=range]')
    slider.focus()
    for _ in range(5):
        page.keyboard.press("ArrowRight")  # on the slider, arrows move the offset, not the slides
    page.wait_for_function("() => window.explainer.d > 0.0049")
    assert on_show(page) == n
    want = removed_by_offset(0.005)["removed"]
    assert page.get_attribute(f'.slide[data-slide="{n}"] [data-stat=removed]', "data-value") == str(want)
    page.keyboard.press("PageDown")  # a clicker still changes slides
    assert on_show(page) == n + 1
    page.keyboard.press("f")  # full screen: refused or granted, never an error
    assert not errors, errors
    ctx.close()


def test_speaker_notes_follow_the_slides(browser, live_url, dataset, tmp_path):
    ctx, page, errors = open_deck(browser, live_url + "/present#3")
    notes = open_notes(ctx, page, 3)
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


def test_print_gives_one_page_per_slide_and_one_for_its_notes(browser, live_url, dataset):
    count = slide_count(dataset)  # the title slide, then the story's beats, each followed by its notes
    ctx, page, errors = open_deck(browser, live_url + "/present#4")
    pdf = page.pdf(prefer_css_page_size=True, print_background=True)
    pages = len(re.findall(rb"/Type\s*/Page\b", pdf))
    assert pages == count + (count - 1)
    page.emulate_media(media="print")
    steps = story.build_steps(dataset, figures.default_t(dataset))
    data = present.notes_data(present.build_slides(steps))
    printed = page.evaluate("""() => [...document.querySelectorAll('.slide-notes')]
        .filter(a => getComputedStyle(a).display !== 'none')
        .map(a => [...a.querySelectorAll('li')].map(li => li.textContent))""")
    assert printed == [d["notes"] for d in data[1:]]
    # the CLD3 slide prints the detector's answer for an example, not an empty box
    cld3 = page.evaluate("""() => { const b = document.querySelector('.slide .cld3'); if (!b) return null;
        const p = b.parentElement.querySelector('.cld3-printed');
        const shown = p && getComputedStyle(p).display !== 'none';
        return {form: getComputedStyle(b.querySelector('form')).display, text: shown ? p.textContent : ''}; }""")
    assert cld3 is not None and cld3["form"] == "none"
    assert "CLD3 says" in cld3["text"] and "probability" in cld3["text"]
    # the pages are 16:9 landscape (13.333 x 7.5 in = 960 x 540 pt)
    box = re.search(rb"/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]", pdf)
    assert box and float(box.group(1)) == pytest.approx(960, abs=1) and float(box.group(2)) == pytest.approx(540, abs=1)
    assert not errors
    ctx.close()


def test_overview_blackout_help_and_swipe(browser, live_url, dataset):
    count = slide_count(dataset)
    ctx, page, errors = open_deck(browser, live_url + "/present#3")
    overlay = "() => window.explainerDeck.overlay"
    for key, name in (("Escape", "overview"), ("o", "overview"), ("b", "blackout"), (".", "blackout"), ("?", "help")):
        page.keyboard.press(key)
        assert page.evaluate(overlay) == name, key
        assert page.is_visible(f"#deck-{name}"), key
        page.keyboard.press("Escape" if name != "blackout" else key)  # Esc closes; b / . toggle the blackout
        assert page.evaluate(overlay) is None, key
        assert not page.is_visible(f"#deck-{name}"), key
        assert on_show(page) == 3, key  # an overlay never moves the deck
    # the overview lists every slide by title, marks the one on show and goes where it is clicked
    page.keyboard.press("o")
    links = page.locator("[data-overview]")
    assert links.count() == count
    assert page.get_attribute('[data-overview="3"]', "aria-current") == "true"
    assert page.evaluate("document.activeElement.dataset.overview") == "3"
    page.keyboard.press("ArrowRight")
    assert page.evaluate("document.activeElement.dataset.overview") == "4"
    page.click('[data-overview="6"]')
    assert page.evaluate(overlay) is None and on_show(page) == 6
    # the help lists the keys the deck binds, from the same table
    page.keyboard.press("?")
    listed = page.locator("#deck-help dd").all_text_contents()
    assert listed == [what for _, what in present.DECK_KEYS]
    page.keyboard.press("?")
    # a clicker still moves on from a blackout
    page.keyboard.press("b")
    page.keyboard.press("PageDown")
    assert page.evaluate(overlay) is None and on_show(page) == 7
    # swipes: left goes on, right goes back, a vertical stroke does nothing
    def swipe(dx: int, dy: int) -> None:
        page.evaluate("""([dx, dy]) => { const el = document.querySelector('.slide.is-current');
            const t = (x, y) => new Touch({identifier: 1, target: el, clientX: x, clientY: y});
            el.dispatchEvent(new TouchEvent('touchstart', {changedTouches: [t(400, 300)], bubbles: true}));
            const end = [t(400 + dx, 300 + dy)];
            el.dispatchEvent(new TouchEvent('touchend', {changedTouches: end, bubbles: true})); }""",
                      [dx, dy])
    swipe(-120, 10)
    assert on_show(page) == 8
    swipe(120, -5)
    assert on_show(page) == 7
    swipe(20, 200)
    assert on_show(page) == 7
    assert not errors, errors
    ctx.close()


def test_chart_text_is_readable_from_the_back_of_the_room(browser, live_url, dataset):
    ctx, page, errors = open_deck(browser, live_url + "/present", width=1920, height=1080)
    chart_slides = page.evaluate("""() => [...document.querySelectorAll('.slide')]
        .filter(s => s.querySelector('[data-chart]')).map(s => Number(s.dataset.slide))""")
    assert chart_slides
    small, outside = [], []
    for n in chart_slides:
        page.evaluate(f"window.explainerDeck.show({n})")
        page.wait_for_function("""n => { const s = document.querySelector(`.slide[data-slide="${n}"] [data-chart]`);
            return s.classList.contains('is-rendered') || s.classList.contains('is-failed'); }""", arg=n)
        sizes = page.evaluate("""n => {
            const svg = document.querySelector(`.slide[data-slide="${n}"] [data-chart] svg`);
            const box = svg.getBoundingClientRect();
            return [...svg.querySelectorAll('text')].filter(t => t.textContent.trim()).map(t => {
                const r = t.getBoundingClientRect();
                return {size: parseFloat(getComputedStyle(t).fontSize), text: t.textContent,
                        inside: r.left >= box.left - 1 && r.right <= box.right + 1
                            && r.top >= box.top - 1 && r.bottom <= box.bottom + 1};
            }); }""", n)
        assert sizes, n
        outside += [(n, s["text"]) for s in sizes if not s["inside"]]
        # the stack diagram's text sets its height: on a slide it takes two columns, and its text
        # grows as far as its box allows, which here is about 2% of the screen's height, not 2.5%
        stack = page.evaluate("""n => document.querySelector(`.slide[data-slide="${n}"] [data-chart]`)
            .getAttribute('data-chart') === 'stack'""", n)
        least = (0.02 if stack else 0.025) * 1080 - 0.5
        small += [(n, s["text"], s["size"]) for s in sizes if s["size"] < least]
    assert not small, small[:5]
    assert not outside, outside  # bigger text still inside its chart: limits and offsets scaled with it
    assert page.evaluate("window.explainer.textFactor") > 2  # 27 px against the story's 10–12 px
    assert not errors, errors
    ctx.close()


def test_speaker_view_shows_the_current_and_next_slide_and_a_resettable_timer(browser, live_url, dataset):
    ctx, page, errors = open_deck(browser, live_url + "/present#2")
    notes = open_notes(ctx, page, 2)
    steps = story.build_steps(dataset, figures.default_t(dataset))
    data = present.notes_data(present.build_slides(steps))
    now = notes.locator('[data-notes-preview="current"]')
    nxt = notes.locator('[data-notes-preview="next"]')
    assert now.locator("[data-preview-title]").text_content() == f"2. {data[1]['title']}"
    assert nxt.locator("[data-preview-title]").text_content() == f"3. {data[2]['title']}"
    if data[1]["chart"]:
        src = now.locator("img").get_attribute("src")
        assert re.match(re.escape(f"/charts/{data[1]['chart']}.svg?") + r"[td]=[\d.]+$", src)
        notes.wait_for_function("() => document.querySelector('[data-notes-preview=current] img').complete")
        assert notes.evaluate("document.querySelector('[data-notes-preview=current] img').naturalWidth") > 0
    page.evaluate("window.explainer.setThreshold(0.3)")
    notes.wait_for_function("() => document.querySelector('[data-notes-t]').textContent === '0.300'")
    if data[1]["chart"]:
        assert now.locator("img").get_attribute("src").endswith("?t=0.300")
    notes.wait_for_function("() => window.explainerNotes.elapsed > 1100")
    notes.click("[data-notes-reset]")
    assert notes.evaluate("window.explainerNotes.elapsed") < 1000
    assert notes.text_content("[data-notes-clock]") == "0:00"
    assert not errors, errors
    ctx.close()
