"""Chart downloads: /charts/{chart}.{svg|png|csv|json}?t=&theme=.

SVG and PNG are rendered on the server by vl-convert from the same spec the page uses (fixed
width, with title and credit line); CSV is the chart's data with formula cells defused; JSON is
the Vega-Lite spec. Renders are cached per (chart, t, theme, format): one takes 100 ms or more.
"""

from __future__ import annotations

import csv
import io
import json
from typing import Annotated, Any, Literal

import vl_convert as vlc
from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from app import charts
from app.core.dataset import Dataset
from app.core.figures import default_t
from app.core.threshold import bin_of
from app.web.api import ERRORS, NOT_FOUND, OptionalT, cached, not_found

VL_VERSION = "6.4"
RENDER_WIDTH = 720  # px of the downloaded figure (PNG is rendered at twice this)
PNG_SCALE = 2
FORMATS = {
    "svg": "image/svg+xml",
    "png": "image/png",
    "csv": "text/csv; charset=utf-8",
    "json": "application/json",
}
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")  # a spreadsheet would run these as formulas
# an SVG opened on its own is a document: it must not be able to run or fetch anything
SVG_HEADERS = {"Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'; img-src data:",
               "X-Content-Type-Options": "nosniff"}

router = APIRouter()
_RENDERS = charts.LRU(128)


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


def render(ds: Dataset, chart_id: str, t: float, theme: str, fmt: str) -> bytes:
    """The download's bytes (cached)."""
    theme = "dark" if theme == "dark" else "light"

    def make() -> bytes:
        if fmt == "csv":
            return csv_text(charts.table(ds, chart_id, t)).encode("utf-8")
        spec = charts.chart_spec(ds, chart_id, t, theme, width=RENDER_WIDTH, standalone=True)
        if fmt == "json":
            return json.dumps(spec, ensure_ascii=False, indent=1).encode("utf-8")
        if fmt == "svg":
            return vlc.vegalite_to_svg(spec, vl_version=VL_VERSION).encode("utf-8")
        return vlc.vegalite_to_png(spec, vl_version=VL_VERSION, scale=PNG_SCALE)

    return _RENDERS.get_or_set((ds.etag, chart_id, bin_of(t), theme, fmt), make)


def filename(chart_id: str, t: float, theme: str, fmt: str) -> str:
    suffix = "" if theme != "dark" else "-dark"
    return f"laion-explainer-{chart_id}-t{t:.3f}{suffix}.{fmt}"


@router.get("/charts/{chart}.{fmt}", tags=["charts"], summary="Download a chart as SVG, PNG, CSV or Vega-Lite JSON",
            responses={**ERRORS, **NOT_FOUND, 200: {"content": {m: {} for m in FORMATS.values()},
                                                    "description": "The chart in the requested format"}})
def download(
    request: Request,
    chart: str,
    fmt: str,
    t: OptionalT = None,
    theme: Annotated[Literal["light", "dark", "auto"], Query(description="auto is light on the server")] = "light",
    inline: Annotated[bool, Query(description="Content-Disposition inline instead of attachment")] = False,
) -> Response:
    ds: Dataset = request.app.state.dataset
    if fmt not in FORMATS:
        return not_found(f"unknown format {fmt!r}: one of {', '.join(FORMATS)}", "fmt")
    if chart not in charts.CHARTS:
        return not_found(f"unknown chart {chart!r}", "chart")
    try:
        charts.get(ds, chart)
    except charts.ChartUnavailable as e:
        return not_found(str(e), "chart")
    t = charts.check_t(t if t is not None else default_t(ds))
    disposition = "inline" if inline else "attachment"
    headers = {"Content-Disposition": f'{disposition}; filename="{filename(chart, t, theme, fmt)}"'}
    if fmt == "svg":
        headers.update(SVG_HEADERS)
    theme_key = "dark" if theme == "dark" else "light"
    return cached(request, f"download:{chart}:{fmt}:{bin_of(t)}:{theme_key}",
                  lambda: render(ds, chart, t, theme, fmt), media_type=FORMATS[fmt], headers=headers)
