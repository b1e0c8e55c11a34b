"""The static export opened from file:// with no server and no network: the slider runs the same
arithmetic as Python, the slides and embeds work, and no request leaves the export's folder."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from app.core import format as fmt
from app.core.threshold import threshold_stats

pytestmark = pytest.mark.browser


class Confined:
    """Routes every request of a context: file:// inside the export goes through, anything else
    (another folder, any host, even localhost) is aborted and remembered."""

    def __init__(self, ctx, root: Path) -> None:
        self.prefix = root.resolve().as_uri() + "/"
        self.left: list[str] = []
        ctx.route("**/*", self.route)

    def route(self, route) -> None:
        url = route.request.url
        if url.startswith(self.prefix) or url.startswith(("data:", "blob:")):
            route.continue_()
        else:
            self.left.append(url)
            route.abort()


def open_file(browser, root: Path, rel: str, width: int = 1280, height: int = 900):
    ctx = browser.new_context(viewport={"width": width, "height": height}, offline=True)
    confined = Confined(ctx, root)
    page = ctx.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.goto(root.resolve().as_uri() + "/" + rel)
    page.wait_for_function("() => window.explainer !== undefined")
    page.evaluate("window.explainer.ready")
    return ctx, page, confined, errors


def on_page(page) -> dict[str, float]:
    return page.evaluate("""() => Object.fromEntries([...document.querySelectorAll('[data-stat]')]
        .map(e => [e.dataset.stat, Number(e.dataset.value)]))""")


def test_story_from_disk_runs_the_slider(browser, exported_site, dataset):
    ctx, page, confined, errors = open_file(browser, exported_site, "index.html")
    rng = random.Random(4)
    for t in [0.26, 0.3, 0.333, 0.45] + [round(rng.uniform(0.25, 0.5), 3) for _ in range(4)]:
        assert page.evaluate(f"window.explainer.setThreshold({t}).then(s => s.t)") == pytest.approx(t)
        py = threshold_stats(dataset.payload, t)
        got = on_page(page)
        assert got["kept"] == py["kept"] and got["removed"] == py["removed"]
        assert got["removed_share"] == pytest.approx(py["removed_share"])
        for s in py["subsets"]:
            assert got[f"removed.{s['name']}"] == s["removed"]
        assert page.text_content("[data-stat=removed]") == fmt.pairs(py["removed"], dataset.scale, dataset.synthetic)
    # the slider itself, by keyboard
    slider = page.locator("#threshold input[name=d]")  # the offset slider: the replica publishes thresholds
    slider.scroll_into_view_if_needed()
    page.evaluate("window.explainer.setOffset(0)")
    slider.focus()
    for _ in range(10):
        page.keyboard.press("ArrowRight")
    page.wait_for_function("() => document.querySelector('[data-stat=cut]').dataset.value === '0.01'")
    assert on_page(page)["removed"] == threshold_stats(dataset.payload, None, 0.01)["removed"]
    # every chart drew, and the box that needs a server says so instead
    assert page.evaluate("document.querySelectorAll('[data-chart].is-rendered').length") == \
        page.evaluate("document.querySelectorAll('[data-chart]').length") > 0
    assert page.locator(".cld3-static").count() == 1
    assert not confined.left, confined.left
    assert not errors, errors
    ctx.close()


def test_address_threshold_slides_and_embeds_from_disk(browser, exported_site, dataset, removed_at):
    # a shared link's ?t= moves the page (it was rendered at one threshold only)
    ctx, page, confined, errors = open_file(browser, exported_site, "index.html?t=0.3")
    page.wait_for_function("() => document.querySelector('[data-stat=cut]').dataset.value === '0.3'")
    assert on_page(page)["removed"] == removed_at(0.3)["removed"]
    # links to the slides and the story stay inside the folder
    page.click("a[href^='present.html']")
    page.wait_for_function("() => window.explainerDeck !== undefined")
    page.keyboard.press("End")
    page.keyboard.press("Home")
    page.keyboard.press("PageDown")
    assert page.evaluate("location.hash") == "#2"
    assert not confined.left and not errors, (confined.left, errors)
    ctx.close()

    ctx, page, confined, errors = open_file(browser, exported_site, "embed/removed.html?t=0.31&theme=dark",
                                            width=400, height=900)
    page.wait_for_function("() => document.querySelector('[data-stat=cut]').dataset.value === '0.31'")
    assert page.get_attribute("html", "data-theme") == "dark"
    assert page.evaluate("window.explainer.views[0].view.data('live').map(r => r.removed)") == [
        removed_at(0.31)[s.name] for s in dataset.subsets]
    assert page.evaluate("document.documentElement.scrollWidth") <= 400
    assert not confined.left and not errors, (confined.left, errors)
    ctx.close()


def test_speaker_notes_from_disk(browser, exported_site):
    """Two file:// windows share no origin: the notes follow the slides by postMessage to the opener."""
    ctx, page, confined, errors = open_file(browser, exported_site, "present.html#3", width=1280, height=720)
    with ctx.expect_page() as popup:
        page.keyboard.press("s")
    notes = popup.value
    notes.wait_for_function("() => window.explainerNotes && window.explainerNotes.current === 3")
    page.keyboard.press("ArrowRight")
    notes.wait_for_function("() => window.explainerNotes.current === 4")
    notes.click("[data-go=next]")
    page.wait_for_function("() => window.explainerDeck.current === 5")
    assert not confined.left and not errors, (confined.left, errors)
    ctx.close()
