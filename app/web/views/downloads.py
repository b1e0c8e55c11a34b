"""A chart as a file: SVG and PNG rendered on the server by vl-convert from the same spec the page uses
(fixed width, with title and credit line), the chart's data as CSV with formula cells defused, and
the Vega-Lite spec as JSON. One function makes all four, for /charts/{chart}.{fmt} and the export."""

from __future__ import annotations

import csv
import io
import json
import math
import re
from typing import TYPE_CHECKING, Any

import vl_convert as vlc

from app import charts
from app.core.dataset import Dataset
from app.core.threshold import Cut
from app.web.http import Body
from app.web.vendor import VL_VERSION

if TYPE_CHECKING:  # the render pool imports this module, and the Web holds the pool
    from app.web.context import Web

RENDER_WIDTH = 720  # px of the downloaded figure (PNG is rendered at twice this)
NARROW_WIDTH = 360  # px of the narrow render (?narrow=true): the no-JS charts of phones and narrow columns
PNG_SCALE = 2
MEDIA = {
    "svg": "image/svg+xml",
    "png": "image/png",
    "csv": "text/csv; charset=utf-8",
    "json": "application/json",
}
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")  # a spreadsheet would run these as formulas


def csv_cell(v: Any) -> Any:
    """One CSV cell; text that a spreadsheet would run as a formula gets a leading quote."""
    if v is None:
        return ""
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, str) and v.startswith(FORMULA_START):
        return "'" + v
    return v


def csv_text(rows: list[dict[str, Any]]) -> str:
    """Rows as CSV with a header row (the union of the rows' keys, in first-seen order)."""
    header: list[str] = []
    for r in rows:
        header += [k for k in r if k not in header]
    out = io.StringIO()
    w = csv.writer(out)
    w.writerow([csv_cell(h) for h in header])
    for r in rows:
        w.writerow([csv_cell(r.get(k)) for k in header])
    return out.getvalue()


def server_theme(theme: str) -> str:
    """The theme a server render uses: "auto" has no reader's setting to follow, so it is light."""
    return "dark" if theme == "dark" else "light"


IMAGES = ("svg", "png")  # what vl-convert draws: the server sends these through its render pool


def image_width(fmt: str, narrow: bool) -> int:
    """`narrow`: drawn NARROW_WIDTH px wide in the chart's narrow layout (app/charts/width.py), not
    shrunk from the wide one; CSV and JSON have no width."""
    return NARROW_WIDTH if narrow and fmt in IMAGES else RENDER_WIDTH


def draw(ds: Dataset, chart_id: str, t: Cut, theme: str, fmt: str, width: int = RENDER_WIDTH) -> bytes:
    """The download's bytes at t (on the grid), uncached; svg and png take 100 ms or more."""
    theme = server_theme(theme)
    if fmt == "csv":
        return csv_text(charts.table(ds, chart_id, t)).encode("utf-8")
    spec = charts.chart_spec(ds, chart_id, t, theme, width=width, standalone=True)
    if fmt == "json":
        return json.dumps(spec, ensure_ascii=False, indent=1).encode("utf-8")
    if fmt == "svg":
        return vlc.vegalite_to_svg(spec, vl_version=VL_VERSION).encode("utf-8")
    return bytes(vlc.vegalite_to_png(spec, vl_version=VL_VERSION, scale=PNG_SCALE))


def drawn_height(ds: Dataset, chart_id: str, t: Cut, width: int) -> int:
    """The drawn chart's height at `width` px (an oEmbed answer's first guess; a render)."""
    svg = vlc.vegalite_to_svg(charts.chart_spec(ds, chart_id, t, width=width), vl_version=VL_VERSION)
    m = re.search(r'<svg[^>]*\sheight="([\d.]+)"', svg)
    return math.ceil(float(m.group(1))) if m else 300


def render(web: Web, chart_id: str, t: Cut, theme: str, fmt: str, narrow: bool = False) -> Body:
    """The download at t, cached, drawn in this thread (the export; the server renders images in
    its render pool, app/web/renders.py)."""
    theme, width = server_theme(theme), image_width(fmt, narrow)
    return web.body(("download", chart_id, t, theme, fmt, width),
                    lambda: Body.of(draw(web.ds, chart_id, t, theme, fmt, width), MEDIA[fmt]))


def filename(chart_id: str, t: Cut, theme: str, fmt: str, narrow: bool = False) -> str:
    suffix = "-narrow" if narrow and fmt in IMAGES else ""
    suffix += "-dark" if server_theme(theme) == "dark" else ""
    return f"laion-explainer-{chart_id}-{t.param}{t.value:.3f}{suffix}.{fmt}"
