"""Layout checks on rendered charts, from Vega's own scenegraph (through `window.explainer.views`).

`chart_problems(page)` walks every chart view on a page and reports, per chart:
- text marks (axis labels and titles, legend labels, mark labels) that reach outside the drawn view,
- pairs of text marks whose boxes overlap (tick labels of an axis closer than LABEL_GAP),
- text cut short with an ellipsis by a limit (Vega's labelLimit, a text mark's limit),
- a chart drawn wider than its box and shrunk by CSS (`max-width: 100%`), which shrinks its text,
and the page itself scrolling sideways. Text hidden by Vega's own overlap removal (opacity 0) and
empty strings are skipped. Coordinates are the view's: the scene's origin plus each group's offset.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

TOLERANCE = 1.0  # px: anti-aliasing and rounding of Vega's text metrics
LABEL_GAP = 4.0  # px: the least space between two tick labels of an axis

_WALK = (Path(__file__).parent / "layout.js").read_text()


def chart_problems(page) -> tuple[list[str], list[str]]:
    """(the problems found, the ids of the charts checked) on a page whose `explainer.ready` has settled."""
    found: list[dict[str, Any]] = page.evaluate(_WALK, [TOLERANCE, LABEL_GAP])
    problems = [f"{r['chart']}: {r['problem']}" for r in found if r["problem"]]
    checked = [r["chart"] for r in found if r["problem"] is None and r.get("texts")]
    return problems, checked


_SVG_TEXTS = """([tol, gap]) => {
  const root = document.documentElement, view = root.getBoundingClientRect(), out = [];
  const texts = [...document.querySelectorAll("text")].filter((t) => {
    if (!t.textContent.trim()) return false;
    for (let e = t; e && e !== root; e = e.parentElement) {
      const s = getComputedStyle(e);
      if (s.opacity === "0" || s.display === "none" || e.getAttribute("opacity") === "0") return false;
    }
    return true;
  }).map((t) => {
    const r = t.getBoundingClientRect();
    return {text: t.textContent, x1: r.left, y1: r.top, x2: r.right, y2: r.bottom,
            axis: !!t.closest(".role-axis-label")};
  });
  texts.forEach((a) => {
    if (a.x1 < view.left - tol || a.y1 < view.top - tol || a.x2 > view.right + tol || a.y2 > view.bottom + tol) {
      out.push("clipped: " + JSON.stringify(a.text) + " at " + [a.x1, a.y1, a.x2, a.y2].map(Math.round).join(",") +
        " in " + Math.round(view.width) + "x" + Math.round(view.height));
    }
  });
  for (let i = 0; i < texts.length; i++) {
    for (let j = i + 1; j < texts.length; j++) {
      const a = texts[i], b = texts[j], g = a.axis && b.axis ? gap : 0;
      const dx = Math.min(a.x2, b.x2) - Math.max(a.x1, b.x1) + g, dy = Math.min(a.y2, b.y2) - Math.max(a.y1, b.y1);
      // glyph boxes of neighbouring lines touch by a pixel or two: count clear overlaps only
      if (dx > tol && dy > 2 * tol) out.push("overlap: " + JSON.stringify(a.text) + " / " + JSON.stringify(b.text));
    }
  }
  return {problems: out, texts: texts.length, width: view.width};
}"""


def svg_text_problems(page) -> tuple[list[str], int, float]:
    """(problems, text elements checked, drawn width) of an SVG document open in `page` (a server render)."""
    r = page.evaluate(_SVG_TEXTS, [TOLERANCE, LABEL_GAP])
    return r["problems"], r["texts"], r["width"]
