"""Embeds for journalists: `/embed/{chart}` (one chart that sizes itself in an iframe) and `/oembed`.

An embed page is the chart alone with its title, one-sentence description, data table, credit line
(data source from the manifest, the synthetic flag, the essay, the licence) and, for charts that
follow the threshold, its own slider. It posts its height to the parent page
(`{type: "explainer:height", height}` and Datawrapper's `{"datawrapper-height": {id: height}}`) and
listens for `{type: "explainer:threshold", t}` (static/js/embed.js). Pages are cached like the story.
"""

from __future__ import annotations

import math
import re
from typing import Annotated, Any, Literal
from urllib.parse import parse_qs, quote, urlencode, urlsplit

import vl_convert as vlc
from fastapi import APIRouter, HTTPException, Query, Request
from fastapi.responses import JSONResponse, Response

from app import charts, story
from app.core.dataset import Dataset
from app.core.figures import default_t, slider_bounds
from app.core.threshold import BINS_PER_UNIT, bin_of
from app.story import appendix
from app.web import pages
from app.web.api import error, not_found
from app.web.pages import ENV, _assets_key, _cached, _chart_bundle, _respond

Theme = Literal["light", "dark", "auto"]
DEFAULT_THEME: Theme = "light"  # a news page is usually light; "auto" follows the reader's system
EMBED_PAD = 16  # px around the chart inside the frame (static/css/embed.css .embed-main padding)
OEMBED_WIDTH = 640  # px when the consumer gives no maxwidth
MIN_WIDTH = 300
CHART_ID = re.compile(r"^/embed/([A-Za-z0-9_-]+)/?$")

T = Annotated[float | None, Query(ge=0, le=1, allow_inf_nan=False,
                                  description="CLIP similarity threshold (0..1, on a 0.001 grid)")]
ThemeQ = Annotated[Theme, Query(description="light, dark, or auto (follows the reader's system setting)")]

router = APIRouter()


def step_of(ds: Dataset, chart: charts.ChartDef, t: float) -> story.Step | None:
    return next((s for s in story.build_steps(ds, t) if s.id == chart.step), None)


def figure_data(ds: Dataset, chart: charts.ChartDef, t: float) -> dict[str, Any]:
    """What templates/partials/figure.html's data_table and the embed need about one chart at t."""
    rows = chart.table(ds, t)
    cols = list(rows[0].keys()) if rows else []
    return {"id": chart.id, "title": chart.title, "live": chart.live, "describe": chart.describe(ds, t),
            "columns": cols, "rows": [[r.get(k) for k in cols] for r in rows]}


def embed_context(ds: Dataset, chart_id: str, t: float, theme: str, *, oembed_href: str | None = None,
                  static: bool = False) -> dict[str, Any]:
    """Everything templates/embed.html needs (the export renders it with static=True)."""
    chart = charts.get(ds, chart_id)
    t = bin_of(t) / BINS_PER_UNIT
    stats = ds.threshold(t)
    lo, hi = slider_bounds(ds)
    step = step_of(ds, chart, t)
    marks = sorted({s["published_threshold"] for s in stats["subsets"] if s["published_threshold"] is not None})
    return {
        "ds": ds, "t": t, "theme": theme, "stats": stats, "marks": marks, "f": figure_data(ds, chart, t),
        "step": step, "credit_lines": charts.credit_lines(ds), "static": static, "oembed_href": oembed_href,
        "slider_bounds": {"min": lo, "max": hi, "step": 1 / BINS_PER_UNIT},
        "essay": {"title": story.ESSAY_TITLE, "url": story.ESSAY_URL, "authors": story.ESSAY_AUTHORS,
                  "publisher": story.ESSAY_PUBLISHER},
        "licence": {"code": appendix.CODE_LICENCE, "content": appendix.CONTENT_LICENCE, "project": appendix.PROJECT},
        "data": {"t": t, "default_t": default_t(ds), "synthetic": ds.synthetic, "scale": ds.scale,
                 "vega_ast": pages.VEGA_AST, "payload": ds.payload, "theme": theme, "chart": chart.id, "static": static,
                 "charts": {chart.id: _chart_bundle(ds)[chart.id]}},
    }


def render_embed(ds: Dataset, chart_id: str, t: float, theme: str, **kw: Any) -> bytes:
    return ENV.get_template("embed.html").render(embed_context(ds, chart_id, t, theme, **kw)).encode()


def base_url(request: Request) -> str:
    return str(request.base_url).rstrip("/")


def embed_url(base: str, chart_id: str, t: float | None = None, theme: str | None = None) -> str:
    q = {}
    if t is not None:
        q["t"] = f"{t:.3f}"
    if theme and theme != DEFAULT_THEME:
        q["theme"] = theme
    return f"{base}/embed/{chart_id}" + (f"?{urlencode(q)}" if q else "")


def oembed_href(base: str, url: str) -> str:
    return f"{base}/oembed?url={quote(url, safe='')}&format=json"


@router.get("/embed/{chart}", response_class=Response, tags=["charts"],
            summary="One chart for an iframe: title, description, data table, credit and its own slider")
def embed(request: Request, chart: str, t: T = None, theme: ThemeQ = DEFAULT_THEME) -> Response:
    ds: Dataset = request.app.state.dataset
    try:
        charts.get(ds, chart)
    except (KeyError, charts.ChartUnavailable) as e:
        # errors.py answers browsers with the styled 404 page and everyone else with JSON
        detail = str(e) if isinstance(e, charts.ChartUnavailable) else f"unknown chart {chart!r}"
        raise HTTPException(404, detail) from None
    t = charts.check_t(t if t is not None else default_t(ds))
    base = base_url(request)
    href = oembed_href(base, embed_url(base, chart, t, theme))
    key = ("embed", ds.etag, chart, bin_of(t), theme, base, _assets_key())
    body, etag = _cached(key, lambda: render_embed(ds, chart, t, theme, oembed_href=href))
    return _respond(request, body, etag, "text/html; charset=utf-8")


# ---------------------------------------------------------------- oEmbed

_HEIGHTS = charts.LRU(256)


def chart_height(ds: Dataset, chart_id: str, t: float, width: int) -> int:
    """The drawn chart's height at `width` px (vl-convert renders it once per chart and width)."""
    def make() -> int:
        spec = charts.chart_spec(ds, chart_id, t, width=width)
        svg = vlc.vegalite_to_svg(spec, vl_version="6.4")
        m = re.search(r'<svg[^>]*\sheight="([\d.]+)"', svg)
        return math.ceil(float(m.group(1))) if m else 300

    return _HEIGHTS.get_or_set((ds.etag, chart_id, width), make)


def embed_height(ds: Dataset, chart: charts.ChartDef, t: float, width: int) -> int:
    """The embed page's height at `width`: the chart plus an estimate of the text around it.
    Only a first guess: with the resize script the frame takes the exact height the page posts."""
    inner = max(width - 2 * EMBED_PAD, 120)
    per_line = max(inner / 7.6, 20)  # characters per line of 14 px sans text
    desc_lines = math.ceil(len(chart.describe(ds, t)) / per_line)
    credit_lines = math.ceil(len(charts.credit(ds)) / per_line) + 2
    title_lines = math.ceil(len(chart.title) / max(inner / 11, 10))
    slider = 120 if chart.live else 0
    text = 2 * EMBED_PAD + title_lines * 28 + 12 + slider + desc_lines * 20 + 16 + 28 + credit_lines * 18 + 16
    return chart_height(ds, chart.id, t, inner) + math.ceil(text)


def iframe_html(src: str, title: str, width: int, height: int, resize_src: str, chart_id: str) -> str:
    """The embed code: an iframe and the optional resize script (attributes escaped by hand: no Jinja here)."""
    def attr(s: str) -> str:
        return s.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;").replace(">", "&gt;")

    return (f'<iframe src="{attr(src)}" title="{attr(title)}" width="{width}" height="{height}" '
            f'style="border:0;width:100%;min-width:{min(MIN_WIDTH, int(width))}px" loading="lazy" '
            f'id="explainer-{attr(chart_id)}" data-explainer-embed></iframe>'
            f'<script src="{attr(resize_src)}" async></script>')


@router.get("/oembed", tags=["charts"], summary="oEmbed (rich) for an embed URL of this site",
            responses={404: {"description": "Not an embed of this site"},
                       422: {"description": "Invalid parameter"}, 501: {"description": "Format not json"}})
def oembed(
    request: Request,
    url: Annotated[str, Query(max_length=2048, description="An /embed/{chart} URL of this site")],
    maxwidth: Annotated[int | None, Query(ge=1, le=10000)] = None,
    maxheight: Annotated[int | None, Query(ge=1, le=100000)] = None,
    format: Annotated[str, Query(max_length=10, description="json (xml is not offered)")] = "json",
) -> Response:
    ds: Dataset = request.app.state.dataset
    if format != "json":
        if format == "xml":  # the oEmbed spec's answer to a format the provider does not offer
            return error(501, "not implemented", "only format=json is offered", "format")
        return error(422, "invalid parameter", "format: must be json", "format")
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return error(422, "invalid parameter", "url: must be an absolute http(s) URL", "url")
    if parts.netloc.lower() != request.url.netloc.lower():
        return not_found(f"url: {parts.netloc} is not this site ({request.url.netloc})", "url")
    m = CHART_ID.match(parts.path)
    if not m:
        return not_found("url: not an embed of this site (expected /embed/{chart})", "url")
    chart_id = m.group(1)
    try:
        chart = charts.get(ds, chart_id)
    except (KeyError, charts.ChartUnavailable):
        return not_found(f"url: unknown chart {chart_id!r}", "url")
    q = parse_qs(parts.query)
    try:
        t = charts.check_t(float(q["t"][0])) if "t" in q else default_t(ds)
    except ValueError:
        return error(422, "invalid parameter", "url: its t must be a number between 0 and 1", "url")
    theme = q.get("theme", [DEFAULT_THEME])[0]
    if theme not in ("light", "dark", "auto"):
        return error(422, "invalid parameter", "url: its theme must be light, dark or auto", "url")
    width = min(maxwidth or OEMBED_WIDTH, OEMBED_WIDTH)  # below 300 px the page still lays out, just cramped
    height = embed_height(ds, chart, t, max(width, MIN_WIDTH))
    if maxheight:
        height = min(height, maxheight)
    base = base_url(request)
    src = embed_url(base, chart.id, t, theme)
    body = {
        "version": "1.0",
        "type": "rich",
        "title": chart.title,
        "html": iframe_html(src, chart.title, width, height, f"{base}/static/js/embed-resize.js", chart.id),
        "width": width,
        "height": height,
        "provider_name": appendix.PROJECT,
        "provider_url": base + "/",
        "author_name": f"{appendix.PROJECT}, after {story.ESSAY_AUTHORS} ({story.ESSAY_PUBLISHER})",
        "author_url": story.ESSAY_URL,
        "cache_age": 86400,
        # not in the oEmbed spec, but what a newsroom needs to credit the chart correctly
        "credit": charts.credit(ds),
        "synthetic": ds.synthetic,
        "license": appendix.CONTENT_LICENCE["name"],
        "license_url": appendix.CONTENT_LICENCE["url"],
        "embed_url": src,
    }
    return JSONResponse(body, headers={"Cache-Control": "public, max-age=3600"})
