"""Charts that fit their box: the param `vw` and the expressions that read it.

Every spec declares a param `vw`, the width in px of the box the chart is drawn in (set by the
page's JavaScript from the chart's container, and the render width on the server). Charts adapt to
it with expressions (fewer ticks, shorter labels, stacked legends, moved labels) rather than being
drawn wide and shrunk. vw is not Vega's `width` signal (the plot's width, which the layout derives
from the labels): reading that in a label would feed back into the layout.
"""

from __future__ import annotations

import json
from typing import Any

VW = "vw"
NARROW = 480  # px: below this a chart switches to its narrow layout
DEFAULT_VW = 720  # px: a spec whose container's width is not known yet (the server's render width)


def by_width(narrow: Any, wide: Any, below: int = NARROW) -> dict[str, str]:
    """An expression: `narrow` when the chart's box is under `below` px wide, `wide` otherwise."""
    return {"expr": f"{VW} < {below} ? {json.dumps(narrow)} : {json.dumps(wide)}"}


def narrow_test(below: int = NARROW) -> str:
    """The condition of by_width, for expressions that build text."""
    return f"{VW} < {below}"


def room_for_labels(top: float, label_px: float | str, reserve_px: float, least: float = 1.15) -> dict[str, str]:
    """A scale's domainMax that leaves `label_px` px right of the longest bar for its value label.

    `reserve_px` is what the chart spends outside the plot (the y-axis labels), so the plot is
    about vw - reserve_px wide; the top of the domain is at least `least` × the longest bar.
    `label_px` may be an expression (labels that are shorter in a narrow box).
    """
    room = f"({label_px})"
    return {"expr": f"{top!r} * max({least!r}, 1 / (1 - {room} / max({VW} - {reserve_px!r}, 2 * {room})))"}


def log_labels() -> str:
    """A log axis's labelExpr: in a narrow box only the powers of ten keep their label (1-2-5 ticks crowd)."""
    return (f"{narrow_test()} && abs(log(datum.value) / LN10 - round(log(datum.value) / LN10)) > 0.001 "
            "? '' : datum.label")


def wrap_title(text: str, width: int = 34) -> str | list[str]:
    """An axis title that would not fit a phone, as two lines (axis titles take no expressions)."""
    if len(text) <= width:
        return text
    words, first = text.split(), ""
    while words and len(first) + len(words[0]) < len(text) / 2 + 4:
        first = f"{first} {words.pop(0)}".strip()
    return [first, " ".join(words)] if words and first else text
