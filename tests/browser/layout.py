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
