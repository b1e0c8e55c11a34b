"""A chart as a file: SVG and PNG rendered on the server by vl-convert from the same spec the page uses
(fixed width, with title and credit line), the chart's data as CSV with formula cells defused, and
the Vega-Lite spec as JSON. One function makes all four, for /charts/{chart}.{fmt} and the export."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

import vl_convert as vlc

from app import charts
from app.web.context import Web
from app.web.http import Body
from app.web.vendor import VL_VERSION

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


def render(web: Web, chart_id: str, t: float, theme: str, fmt: str, narrow: bool = False) -> Body:
    """The download at t (on the grid), cached: a render takes 100 ms or more. `narrow`: drawn
    NARROW_WIDTH px wide in the chart's narrow layout (app/charts/width.py), not shrunk from the wide one."""
    ds, theme = web.ds, server_theme(theme)
    width = NARROW_WIDTH if narrow and fmt in ("svg", "png") else RENDER_WIDTH

    def make() -> Body:
        if fmt == "csv":
            return Body.of(csv_text(charts.table(ds, chart_id, t)), MEDIA[fmt])
        spec = charts.chart_spec(ds, chart_id, t, theme, width=width, standalone=True)
        if fmt == "json":
            return Body.of(json.dumps(spec, ensure_ascii=False, indent=1), MEDIA[fmt])
        if fmt == "svg":
            return Body.of(vlc.vegalite_to_svg(spec, vl_version=VL_VERSION), MEDIA[fmt])
        return Body.of(vlc.vegalite_to_png(spec, vl_version=VL_VERSION, scale=PNG_SCALE), MEDIA[fmt])

    return web.body(("download", chart_id, t, theme, fmt, width), make)


def filename(chart_id: str, t: float, theme: str, fmt: str, narrow: bool = False) -> str:
    suffix = "-narrow" if narrow and fmt in ("svg", "png") else ""
    suffix += "-dark" if server_theme(theme) == "dark" else ""
    return f"laion-explainer-{chart_id}-t{t:.3f}{suffix}.{fmt}"
