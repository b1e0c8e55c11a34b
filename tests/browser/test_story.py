"""The story in headless Chromium: scrolling, the slider, the page hooks, phone layout, no third parties."""

from __future__ import annotations

import random
from urllib.parse import urlparse

import httpx
import pytest

from app import story
from app.core import format as fmt
from app.core.threshold import threshold_stats
from tests.test_threshold_js import assert_same

pytestmark = pytest.mark.browser

STEP_IDS = ["opening", "sources", "threshold", "stack", "divide", "aesthetics", "safety", "method"]


class Watch:
    """Console errors, page errors and every request's host, for one page."""

    def __init__(self, page, base: str) -> None:
        self.errors: list[str] = []
        self.foreign: list[str] = []
        host = urlparse(base).netloc
        page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: self.errors.append(str(e)))
        page.on("request", lambda r: None if r.url.startswith(("data:", "blob:")) or urlparse(r.url).netloc == host
                else self.foreign.append(r.url))


def open_story(browser, url: str, width: int = 1280, height: int = 900, **kw):
    ctx = browser.new_context(viewport={"width": width, "height": height}, **kw)
    page = ctx.new_page()
    watch = Watch(page, url)
    page.goto(url)
    page.wait_for_function("() => window.explainer !== undefined")
    page.evaluate("window.explainer.ready")
    return ctx, page, watch


def stats_on_page(page) -> dict[str, float]:
    return page.evaluate("""() => Object.fromEntries([...document.querySelectorAll('[data-stat]')]
        .map(e => [e.dataset.stat, Number(e.dataset.value)]))""")


def test_scrolling_activates_each_step(browser, live_url):
    ctx, page, watch = open_story(browser, live_url + "/")
    for sid in STEP_IDS:
        page.evaluate(f"document.querySelector('#{sid} .beat').scrollIntoView({{block: 'center'}})")
        page.wait_for_function(f"() => document.documentElement.dataset.activeStep === '{sid}'", timeout=5000)
        assert page.get_attribute(f'[data-nav="{sid}"]', "aria-current") == "step"
        assert page.evaluate(f"document.querySelector('#{sid}').classList.contains('is-active')")
    # the panel follows the beat: the site-mix beat shows the site-mix chart
    page.evaluate("document.querySelector('[data-beat-chart=\"site_mix\"]').scrollIntoView({block: 'center'})")
    page.wait_for_function(
        "() => document.querySelector('[data-figure=\"site_mix\"]').classList.contains('is-current')")
    assert not watch.errors and not watch.foreign
    ctx.close()


def test_arrow_keys_on_the_slider_change_the_removed_count(browser, live_url):
    """The replica publishes per-subset thresholds: the story's slider is the offset slider, from 0."""
    ctx, page, watch = open_story(browser, live_url + "/")
    slider = page.locator("#threshold input[name=d]")
    slider.scroll_into_view_if_needed()
    before = stats_on_page(page)["removed"]
    assert before == 0 and float(slider.input_value()) == 0
    slider.focus()
    for _ in range(10):
        page.keyboard.press("ArrowRight")
    assert float(slider.input_value()) == pytest.approx(0.01)
    # updates are batched per animation frame: wait until the page has caught up with the last key
    page.wait_for_function("() => Number(document.querySelector('[data-stat=cut]').dataset.value) === 0.01")
    assert stats_on_page(page)["removed"] > before
    after = stats_on_page(page)
    assert after["cut"] == pytest.approx(0.01)
    valuetext = slider.get_attribute("aria-valuetext")
    assert valuetext.startswith("published +0.010: ") and "removed" in valuetext
    # the other slider (language step) follows
    assert float(page.locator("#divide input[name=d]").input_value()) == pytest.approx(0.01)
    page.wait_for_function("() => location.search.includes('d=0.010')")
    assert not watch.errors
    ctx.close()


def test_set_threshold_numbers_equal_the_api(browser, live_url, dataset):
    ctx, page, watch = open_story(browser, live_url + "/")
    rng = random.Random(3)
    for t in [0.26, 0.28, 0.3, 0.312, 0.45] + [round(rng.uniform(0.25, 0.5), 3) for _ in range(5)]:
        returned = page.evaluate(f"window.explainer.setThreshold({t}).then(s => s.t)")
        assert returned == pytest.approx(t)
        api = httpx.get(f"{live_url}/api/threshold", params={"t": t}).json()
        got = stats_on_page(page)
        assert got["kept"] == api["kept"] and got["removed"] == api["removed"]
        assert got["removed_share"] == pytest.approx(api["removed_share"])
        for s in api["subsets"]:
            assert got[f"removed.{s['name']}"] == s["removed"]
        text = page.text_content("[data-stat=removed]")
        assert text == fmt.pairs(api["removed"], dataset.scale, dataset.synthetic)
        # every live chart shows t
        shown = page.evaluate("""() => window.explainer.views.map(v => v.live === 'param' ? v.view.signal('t')
            : v.live ? v.view.data('live').length : null)""")
        assert all(x is None or x == pytest.approx(t) or isinstance(x, int) for x in shown)
    assert not watch.errors and not watch.foreign
    ctx.close()


def test_post_message_and_url(browser, live_url):
    ctx, page, watch = open_story(browser, live_url + "/?t=0.3")
    assert stats_on_page(page)["cut"] == pytest.approx(0.3)
    page.evaluate("window.postMessage({type: 'explainer:threshold', t: 0.333}, '*')")
    page.wait_for_function("() => document.querySelector('[data-stat=cut]').dataset.value === '0.333'")
    page.wait_for_function("() => location.search === '?t=0.333'")
    assert page.locator("a[data-t-link]").first.get_attribute("href").endswith("t=0.333")
    # and the offset mode: the address and the links switch to ?d=
    page.evaluate("window.postMessage({type: 'explainer:offset', d: 0.012}, '*')")
    page.wait_for_function("() => document.querySelector('[data-stat=cut]').dataset.value === '0.012'")
    page.wait_for_function("() => location.search === '?d=0.012'")
    assert page.locator("a[data-t-link]").first.get_attribute("href").endswith("d=0.012")
    assert page.text_content("#threshold output[data-stat=cut]") == "published +0.012"
    assert not watch.errors
    ctx.close()


def test_js_threshold_port_in_chromium(browser, live_url, dataset):
    ctx, page, _ = open_story(browser, live_url + "/")
    rng = random.Random(9)
    ts = [0.28, 0.26, 0.5] + [rng.uniform(0.2, 0.55) for _ in range(197)]
    got = page.evaluate("""ts => { const p = JSON.parse(document.getElementById('explainer-data').textContent).payload;
        return ts.map(t => explainerThreshold.thresholdStats(p, t)); }""", ts)
    for t, js in zip(ts, got, strict=True):
        assert_same(threshold_stats(dataset.payload, t), js, f"t={t}")
    ctx.close()


def test_phone_layout_has_no_horizontal_scroll(browser, live_url):
    ctx, page, watch = open_story(browser, live_url + "/", width=375, height=740, is_mobile=True, has_touch=True)
    for sid in STEP_IDS:
        page.evaluate(f"document.getElementById('{sid}').scrollIntoView()")
        page.wait_for_timeout(50)
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    # nothing wider than the screen: every chart fits its container, which fits the screen
    wide = page.evaluate("""() => [...document.querySelectorAll('.chart, .chart canvas, .step p, .slider, .block')]
        .filter(e => e.getBoundingClientRect().right > 375.5).map(e => e.className.baseVal ?? e.className)""")
    assert not wide
    assert not watch.errors and not watch.foreign
    ctx.close()


def test_charts_follow_their_containers(browser, live_url):
    """Hidden or sticky at load, resized later: each chart's width tracks its container (ResizeObserver)."""
    ctx, page, _ = open_story(browser, live_url + "/")

    def mismatches() -> list:
        return page.evaluate("""() => [...document.querySelectorAll('[data-chart].is-rendered')].map(el => {
            const c = el.querySelector('canvas, svg'); return [el.dataset.chart, el.clientWidth,
            c ? c.getBoundingClientRect().width : -1]; }).filter(([id, w, s]) => w > 0 && Math.abs(w - s) > 2)""")

    assert not mismatches()
    page.set_viewport_size({"width": 700, "height": 900})
    page.wait_for_timeout(400)
    assert not mismatches()
    page.set_viewport_size({"width": 1400, "height": 900})
    page.wait_for_timeout(400)
    assert not mismatches()
    ctx.close()


def test_without_javascript_the_form_rerenders_at_t(browser, live_url, dataset, removed_at, removed_by_offset):
    ctx = browser.new_context(java_script_enabled=False, viewport={"width": 1280, "height": 900})
    page = ctx.new_page()
    seen: list[str] = []
    page.on("request", lambda r: seen.append(r.url))
    page.goto(live_url + "/")
    assert page.locator("noscript").count() > 0 or page.locator("img[src^='/charts/']").count() > 0
    page.fill("#threshold input[name=d]", "0.01")
    page.click("#threshold button[type=submit]")
    page.wait_for_url("**/?d=0.01*")
    want = removed_by_offset(0.01)["removed"]
    assert page.get_attribute("[data-stat=removed]", "data-value") == str(want)
    assert page.text_content("[data-stat=removed]") == fmt.pairs(want, dataset.scale, dataset.synthetic)
    assert any("/charts/similarity.svg?d=0.010" in u for u in seen)  # the static SVG charts load
    assert all(urlparse(u).netloc == urlparse(live_url).netloc for u in seen if u.startswith("http"))
    ctx.close()


def test_language_box_answers_as_you_type(browser, live_url):
    ctx, page, watch = open_story(browser, live_url + "/")
    page.locator("#cld3-text").scroll_into_view_if_needed()
    page.fill("#cld3-text", story.CLD3_EXAMPLES[0])
    page.wait_for_function("() => document.querySelector('[data-cld3-result] dl') !== null", timeout=60000)
    result = page.text_content("[data-cld3-result]")
    assert "CLD3" in result and "lingua" in result
    assert not watch.errors
    ctx.close()
