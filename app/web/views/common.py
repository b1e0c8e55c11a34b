"""What every page of the explainer shows around its own content: the threshold and its slider, the
credit, the licence, and the data block the page's scripts start from."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from app import charts, story
from app.core.dataset import Dataset
from app.core.figures import default_cut, offset_bounds, slider_bounds
from app.core.languages import language_name
from app.core.threshold import BINS_PER_UNIT, Cut
from app.story import appendix
from app.web.context import Web
from app.web.views.figures import chart_bundle, cut_query

# Vega compiles chart expressions with `new Function` unless told to interpret their AST. The
# interpreter lets the page run under a Content-Security-Policy without 'unsafe-eval'
# (app/web/security.py); it costs little since the similarity chart fades bars with one rect instead
# of a per-bar condition on t (bench/slider.py measures it). Pages then load vendor/vega-interpreter.js.
VEGA_AST = True
ESSAY = {"title": story.ESSAY_TITLE, "authors": story.ESSAY_AUTHORS, "url": story.ESSAY_URL,
         "publisher": story.ESSAY_PUBLISHER}
LICENCE = {"code": appendix.CODE_LICENCE, "content": appendix.CONTENT_LICENCE, "project": appendix.PROJECT}
MIN_WIDTH = 300  # px: the narrowest frame an embed lays out in
RESIZE_SCRIPT = "/static/js/embed-resize.js"
# column widths a newsroom's page commonly gives an embed: the Embed dialog measures the embed's height
# at each (static/js/explainer.js) so that the frame starts at the height it ends at
COLUMN_WIDTHS = (300, 400, 600, 720)
DEFAULT_COLUMN = 600
SNIPPET = {"resize_src": RESIZE_SCRIPT, "min_width": MIN_WIDTH, "widths": COLUMN_WIDTHS,
           "default_width": DEFAULT_COLUMN}  # what the story's Embed dialog needs


def dataset_facts(ds: Dataset) -> dict[str, Any]:
    m = ds.manifest
    return {"name": m.dataset, "synthetic": ds.synthetic, "scale": ds.scale, "rows": m.rows, "profile": m.profile}


def slider_mode(ds: Dataset) -> str:
    """The slider the pages show: "d" (offset) where the data publishes per-subset thresholds, else "t"."""
    return default_cut(ds).param


def frame(web: Web, t: Cut, stats: dict[str, Any] | None = None) -> dict[str, Any]:
    """The template variables every page has: the data, the cut `t` and its query `tq`, the arithmetic
    there (`stats`) and the slider (`slider`: "t" absolute or "d" offset)."""
    ds = web.ds
    stats = stats or ds.threshold(t)
    mode = slider_mode(ds)
    lo, hi = offset_bounds(ds) if mode == "d" else slider_bounds(ds)
    pubs = sorted({s["published_threshold"] for s in stats["subsets"] if s["published_threshold"] is not None})
    return {
        "ds": ds, "t": t, "tq": cut_query(t), "stats": stats, "slider": mode,
        "marks": [ds.near_threshold["width"]] if mode == "d" else pubs,  # d: the essay's +0.01
        "slider_bounds": {"min": lo, "max": hi, "step": 1 / BINS_PER_UNIT, "mode": mode,
                          "value": t.value if t.param == mode else lo},
        "essay": ESSAY, "licence": LICENCE, "credit_lines": charts.credit_lines(ds),
        "page_title": story.PAGE_TITLE, "page_dek": story.PAGE_DEK,
    }


def language_names(ds: Dataset) -> dict[str, str]:
    """Names for the language keys of the threshold payload: the live language-mix description names
    languages (explainer-format.js formatStat "mover"), on the pages and in the notes window."""
    return {r["key"]: language_name(r["key"]) for r in ds.payload["languages"]} | {"other": language_name("other")}


def script_data(web: Web, t: Cut, chart_ids: list[str] | None = None, **extra: Any) -> dict[str, Any]:
    """The page's <script type="application/json"> block: the cut (t or d), the cumulative histograms and
    the chart specs."""
    ds = web.ds
    bundle = chart_bundle(web)
    start = default_cut(ds)
    return {"t": t.t, "d": t.d, "default": {"t": start.t, "d": start.d}, "slider": slider_mode(ds),
            "synthetic": ds.synthetic, "language_names": language_names(ds), "scale": ds.scale, "vega_ast": VEGA_AST,
            "payload": ds.payload,
            "charts": bundle if chart_ids is None else {c: bundle[c] for c in chart_ids}, **extra}


def link_preview(web: Web, t: Cut, chart_id: str | None, path: str, title: str, description: str,
                 static: bool = False) -> dict[str, Any] | None:
    """Open Graph and Twitter card tags for a page at a cut: what a link to it shows in a chat, a feed
    or a CMS. Absolute URLs from the configured public base (Settings.public_base), never from the
    request's Host; the image is the chart's PNG, drawn by the app. A static export has no address of
    its own to name, so it carries none."""
    if static:
        return None
    base, q = web.settings.public_base, cut_query(t)
    image = f"{base}/charts/{chart_id}.png?{q}&inline=true" if chart_id else None
    url = f"{base}{path}?{q}"
    # oEmbed discovery for the story (a CMS pasting its URL gets the lead chart's embed); embeds carry their own
    oembed = f"{base}/oembed?url={quote(url, safe='')}&format=json" if path == "/" and chart_id else None
    return {"url": url, "title": title, "description": description, "image": image,
            "image_alt": f"Chart: {charts.CHARTS[chart_id].title}" if chart_id else None,
            "site_name": appendix.PROJECT, "oembed": oembed}


def lead_chart(ds: Dataset) -> str | None:
    """The story's first chart this data can draw: the picture a link to the story or the slides shows."""
    drawable = charts.available(ds)
    return drawable[0].id if drawable else None
