"""Accessibility: axe-core on every page, chart descriptions and data tables, focus, motion, colour.

axe-core comes from npm (package.json; `npm ci` in .ci/run) and is injected by Playwright through
the DevTools protocol, which the pages' Content-Security-Policy does not govern. It runs on the
story (light and dark, 1280 and 375 px wide), the slides and speaker notes, every embed, and the
404 page: no serious or critical violation, and its colour-contrast rule must have run. Canvas
charts are out of axe's reach, so their palette is checked here directly: WCAG non-text contrast
(tests/charts/test_theme.py) and distinctness for colour-blind readers, simulated with the Machado,
Oliveira and Fernandes (2009) matrices for protanopia, deuteranopia and tritanopia and compared
with CIEDE2000.
"""

from __future__ import annotations

import itertools
import json
import math
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
SEVERE = {"serious", "critical"}
MIN_DELTA_E = 10.0  # CIEDE2000 between colours a reader must tell apart (about "clearly different")


@pytest.fixture(scope="module")
def axe_source() -> str:
    if not AXE.exists():
        pytest.skip("axe-core is not installed: run `npm ci` at the repository root")
    return AXE.read_text()


def open_page(browser: Any, url: str, *, width: int = 1280, scheme: str = "light",
              motion: str = "no-preference") -> Any:
    ctx = browser.new_context(viewport={"width": width, "height": 900}, color_scheme=scheme, reduced_motion=motion)
    page = ctx.new_page()
    page.goto(url)
    page.wait_for_function("() => document.readyState === 'complete'")
    if page.evaluate("() => !!document.getElementById('explainer-data')"):
        page.wait_for_function("() => window.explainer !== undefined && window.explainer.ready !== undefined")
        page.evaluate("() => window.explainer.ready")
    return page


def run_axe(page: Any, axe_source: str) -> dict[str, Any]:
    page.evaluate(axe_source)
    return page.evaluate("""() => axe.run(document, {resultTypes: ['violations', 'passes']}).then(r => ({
        violations: r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
            nodes: v.nodes.slice(0, 5).map(n => n.target.join(' '))})),
        passes: r.passes.map(p => p.id)}))""")


def severe(result: dict[str, Any]) -> list[dict[str, Any]]:
    return [v for v in result["violations"] if v["impact"] in SEVERE]


def chart_ids(base: str) -> list[str]:
    import httpx

    return [c["id"] for c in httpx.get(base + "/api/charts").json()]


def has_slides(base: str) -> bool:
    import httpx

    return httpx.get(base + "/present").status_code == 200


@pytest.fixture(scope="module")
def pages(live_url: str) -> dict[str, str]:
    """Every page kind that exists in this build: name -> URL."""
    out = {"story": live_url + "/", "404": live_url + "/no/such/page"}
    if has_slides(live_url):
        out |= {"slides": live_url + "/present", "notes": live_url + "/present/notes"}
    out |= {f"embed:{c}": f"{live_url}/embed/{c}" for c in chart_ids(live_url)}
    return out


# ---------------------------------------------------------------- axe


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("width", [1280, 375])
def test_story_has_no_serious_violations(browser: Any, live_url: str, axe_source: str, width: int, scheme: str):
    page = open_page(browser, live_url + "/", width=width, scheme=scheme)
    result = run_axe(page, axe_source)
    assert "color-contrast" in result["passes"]  # the contrast rule ran and found text to check
    assert not severe(result), json.dumps(severe(result), indent=1)
    # again with every "data behind this chart" table open: they are part of the page too
    page.evaluate("() => document.querySelectorAll('details').forEach(d => { d.open = true; })")
    result = run_axe(page, axe_source)
    assert not severe(result), json.dumps(severe(result), indent=1)
    page.context.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_other_pages_have_no_serious_violations(browser: Any, pages: dict[str, str], axe_source: str, scheme: str):
    found = {}
    for name, url in pages.items():
        if name == "story":
            continue
        page = open_page(browser, url, width=1280 if name in ("slides", "notes") else 480, scheme=scheme)
        if name.startswith("embed:"):
            page.evaluate("() => document.querySelectorAll('details').forEach(d => { d.open = true; })")
        result = run_axe(page, axe_source)
        if severe(result):
            found[name] = severe(result)
        page.context.close()
    assert not found, json.dumps(found, indent=1)


# ---------------------------------------------------------------- charts: text and tables

CHART_TEXT = """() => Array.from(document.querySelectorAll('[data-chart]'), el => {
  const text = ids => (ids || '').split(/\\s+/).filter(Boolean)
      .map(id => (document.getElementById(id) || {}).textContent || '').join(' ').trim();
  const scope = el.closest('figure') || document;
  const hidden = node => { for (let n = node; n; n = n.parentElement) {
      if (n.getAttribute && n.getAttribute('aria-hidden') === 'true') return true;
      if (n.nodeType === 1 && getComputedStyle(n).display === 'none') return true; } return false; };
  const tables = Array.from(scope.querySelectorAll('table'));
  return {
    id: el.getAttribute('data-chart'), role: el.getAttribute('role'),
    name: text(el.getAttribute('aria-labelledby')) || el.getAttribute('aria-label') || '',
    description: text(el.getAttribute('aria-describedby')),
    tables: tables.map(t => ({
      hidden: hidden(t),
      caption: (t.caption ? t.caption.textContent : t.getAttribute('aria-label') || '').trim(),
      headers: t.querySelectorAll('th[scope]').length,
      rows: t.tBodies[0] ? t.tBodies[0].rows.length : 0})),
    chartHidden: hidden(el),
  };
})"""


def check_charts(page: Any, where: str) -> int:
    page.evaluate("() => document.querySelectorAll('details').forEach(d => { d.open = true; })")
    charts = page.evaluate(CHART_TEXT)
    assert charts, where
    for c in charts:
        label = f"{where} {c['id']}"
        # the server writes role="img"; Vega replaces it with the ARIA graphics role when it draws
        assert c["role"] in ("img", "graphics-document") and len(c["name"]) > 5, (label, c["role"])
        assert len(c["description"]) >= 40 and re.search(r"\d", c["description"]), (label, c["description"])
        assert not c["chartHidden"], label
        usable = [t for t in c["tables"] if not t["hidden"] and t["caption"] and t["headers"] and t["rows"]]
        assert usable, (label, c["tables"])  # a data table a screen reader can reach, with headers
    return len(charts)


def test_every_chart_has_a_description_and_a_data_table(browser: Any, pages: dict[str, str], live_url: str):
    counted = {}
    for name, url in pages.items():
        if name in ("404", "notes"):
            continue
        page = open_page(browser, url)
        counted[name] = check_charts(page, name)
        page.context.close()
    assert counted["story"] == len(chart_ids(live_url))


# ---------------------------------------------------------------- focus


FOCUSED = """() => {
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  const s = getComputedStyle(el), bg = getComputedStyle(document.body).backgroundColor;
  return {tag: el.tagName, id: el.id, cls: el.className, outlineStyle: s.outlineStyle,
          outlineWidth: parseFloat(s.outlineWidth), outlineColor: s.outlineColor, boxShadow: s.boxShadow, bg};
}"""


def rgb(css: str) -> tuple[float, ...]:
    return tuple(float(x) / 255 for x in re.findall(r"[\d.]+", css)[:3])


def luminance(c: tuple[float, ...]) -> float:
    lin = [x / 12.92 if x <= 0.04045 else ((x + 0.055) / 1.055) ** 2.4 for x in c]
    return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]


def contrast(a: tuple[float, ...], b: tuple[float, ...]) -> float:
    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_focus_is_visible(browser: Any, pages: dict[str, str], scheme: str):
    for name in ("story", "slides", next((k for k in pages if k.startswith("embed:")), None)):
        if name not in pages:
            continue
        page = open_page(browser, pages[name], scheme=scheme)
        seen = 0
        for _ in range(40):
            page.keyboard.press("Tab")
            f = page.evaluate(FOCUSED)
            if f is None:
                continue
            seen += 1
            where = (name, f["tag"], f["id"], f["cls"])
            visible = (f["outlineStyle"] != "none" and f["outlineWidth"] >= 2) or f["boxShadow"] != "none"
            assert visible, where
            if f["outlineStyle"] != "none":  # WCAG 1.4.11: the ring stands out from the page, 3:1
                assert contrast(rgb(f["outlineColor"]), rgb(f["bg"])) >= 3, where
        assert seen >= 5, name
        page.context.close()


# ---------------------------------------------------------------- motion


MOTION = """() => {
  const moving = [];
  for (const el of document.querySelectorAll('*')) {
    const s = getComputedStyle(el);
    const t = s.transitionDuration.split(',').some(d => parseFloat(d) > 0);
    const a = s.animationName !== 'none' && s.animationDuration.split(',').some(d => parseFloat(d) > 0);
    if (t || a) moving.push(el.tagName + '.' + el.className);
  }
  return {scroll: getComputedStyle(document.documentElement).scrollBehavior, moving: moving.slice(0, 10)};
}"""


def test_reduced_motion_turns_off_scroll_animation(browser: Any, pages: dict[str, str]):
    page = open_page(browser, pages["story"], motion="no-preference")
    assert page.evaluate(MOTION)["scroll"] == "smooth"  # the check below can tell the difference
    page.context.close()
    for name in ("story", "slides", next((k for k in pages if k.startswith("embed:")), None)):
        if name not in pages:
            continue
        page = open_page(browser, pages[name], motion="reduce")
        m = page.evaluate(MOTION)
        assert m["scroll"] == "auto", name
        assert not m["moving"], (name, m["moving"])
        if name == "story":
            # a step link jumps at once: the page is already there on the next frame
            page.click('.stepnav a[href="#safety"]')
            page.evaluate("() => new Promise(r => requestAnimationFrame(() => r()))")
            top = page.evaluate("() => document.getElementById('safety').getBoundingClientRect().top")
            assert abs(top) < 200, top
        page.context.close()


# ---------------------------------------------------------------- colour-blind readers

# Machado, Oliveira and Fernandes (2009), severity 1.0, applied to linear RGB
CVD = {
    "protanopia": ((0.152286, 1.052583, -0.204868), (0.114503, 0.786281, 0.099216), (-0.003882, -0.048116, 1.051998)),
    "deuteranopia": ((0.367322, 0.860646, -0.227968), (0.280085, 0.672501, 0.047413), (-0.011820, 0.042940, 0.968881)),
    "tritanopia": ((1.255528, -0.076749, -0.178779), (-0.078411, 0.930809, 0.147602), (0.004733, 0.691367, 0.303900)),
}
NORMAL = ((1.0, 0.0, 0.0), (0.0, 1.0, 0.0), (0.0, 0.0, 1.0))


def lab(hex_colour: str, m: tuple[tuple[float, ...], ...]) -> tuple[float, float, float]:
    srgb = [int(hex_colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
    lin = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in srgb]
    r, g, b = (min(1.0, max(0.0, sum(m[i][j] * lin[j] for j in range(3)))) for i in range(3))
    x = (0.4124564 * r + 0.3575761 * g + 0.1804375 * b) / 0.95047
    y = 0.2126729 * r + 0.7151522 * g + 0.0721750 * b
    z = (0.0193339 * r + 0.1191920 * g + 0.9503041 * b) / 1.08883

    def f(t: float) -> float:
        return t ** (1 / 3) if t > (6 / 29) ** 3 else t / (3 * (6 / 29) ** 2) + 4 / 29

    return 116 * f(y) - 16, 500 * (f(x) - f(y)), 200 * (f(y) - f(z))


def ciede2000(p: tuple[float, float, float], q: tuple[float, float, float]) -> float:
    (l1, a1, b1), (l2, a2, b2) = p, q
    cbar = (math.hypot(a1, b1) + math.hypot(a2, b2)) / 2
    g = 0.5 * (1 - math.sqrt(cbar ** 7 / (cbar ** 7 + 25 ** 7)))
    a1, a2 = (1 + g) * a1, (1 + g) * a2
    c1, c2 = math.hypot(a1, b1), math.hypot(a2, b2)
    h1, h2 = math.degrees(math.atan2(b1, a1)) % 360, math.degrees(math.atan2(b2, a2)) % 360
    dl, dc = l2 - l1, c2 - c1
    dh = 0.0 if c1 * c2 == 0 else (h2 - h1 if abs(h2 - h1) <= 180 else h2 - h1 - 360 if h2 > h1 else h2 - h1 + 360)
    dhh = 2 * math.sqrt(c1 * c2) * math.sin(math.radians(dh / 2))
    lbar, cbar2 = (l1 + l2) / 2, (c1 + c2) / 2
    if c1 * c2 == 0:
        hbar = h1 + h2
    elif abs(h1 - h2) <= 180:
        hbar = (h1 + h2) / 2
    else:
        hbar = (h1 + h2 + 360) / 2 if h1 + h2 < 360 else (h1 + h2 - 360) / 2
    t = (1 - 0.17 * math.cos(math.radians(hbar - 30)) + 0.24 * math.cos(math.radians(2 * hbar))
         + 0.32 * math.cos(math.radians(3 * hbar + 6)) - 0.20 * math.cos(math.radians(4 * hbar - 63)))
    rc = 2 * math.sqrt(cbar2 ** 7 / (cbar2 ** 7 + 25 ** 7))
    sl = 1 + 0.015 * (lbar - 50) ** 2 / math.sqrt(20 + (lbar - 50) ** 2)
    sc, sh = 1 + 0.045 * cbar2, 1 + 0.015 * cbar2 * t
    rt = -math.sin(math.radians(60 * math.exp(-(((hbar - 275) / 25) ** 2)))) * rc
    return math.sqrt((dl / sl) ** 2 + (dc / sc) ** 2 + (dhh / sh) ** 2 + rt * (dc / sc) * (dhh / sh))


def test_ciede2000_matches_published_pairs():
    # Sharma, Wu and Dalal (2005), test data pairs 1 and 17
    assert ciede2000((50.0, 2.6772, -79.7751), (50.0, 0.0, -82.7485)) == pytest.approx(2.0425, abs=1e-4)
    assert ciede2000((50.0, 2.5, 0.0), (73.0, 25.0, -18.0)) == pytest.approx(27.1492, abs=1e-4)


def colour_scales(spec: Any) -> Iterator[tuple[list[str], bool]]:
    """(colours, ordered) of every colour scale in a chart; ordered scales are bands read in sequence."""
    if isinstance(spec, dict):
        colour = spec.get("color")
        if isinstance(colour, dict) and isinstance(colour.get("scale"), dict):
            rng = colour["scale"].get("range")
            if isinstance(rng, list) and all(isinstance(c, str) and c.startswith("#") for c in rng):
                yield rng, isinstance(colour.get("sort"), list)
        for v in spec.values():
            yield from colour_scales(v)
    elif isinstance(spec, list):
        for v in spec:
            yield from colour_scales(v)


def test_palette_is_distinct_for_colour_blind_readers(dataset: Any):
    from app import charts
    from app.charts.theme import CYCLE

    checked = 0
    groups = [(list(CYCLE), False)]
    for c in charts.available(dataset):
        groups += list(colour_scales(charts.chart_spec(dataset, c.id, 0.3)))
    for colours, ordered in groups:
        # categories: every pair; ordered bands (split by labelled rules): neighbours
        pairs = list(zip(colours, colours[1:], strict=False)) if ordered else list(itertools.combinations(colours, 2))
        for vision, m in (("normal", NORMAL), *CVD.items()):
            for a, b in pairs:
                d = ciede2000(lab(a, m), lab(b, m))
                assert d >= MIN_DELTA_E, (vision, a, b, round(d, 1))
                checked += 1
    assert checked > 50
