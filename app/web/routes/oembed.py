"""/oembed (rich): the embed code of one of this site's /embed/{chart} URLs, or of the chart of a story
URL's step (/?d=0.010#threshold), sized for the consumer's width.

Async: the chart's height at a new width is a render, awaited from the render pool; the rest is a
few string operations, done on the event loop."""

from __future__ import annotations

import math
import re
from typing import Annotated
from urllib.parse import parse_qs, urlsplit

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from app import charts, story
from app.core.dataset import Dataset
from app.core.figures import default_cut
from app.core.threshold import Cut
from app.story import appendix
from app.web import errors, http
from app.web.context import Web
from app.web.deps import WebDep
from app.web.http import Body, respond
from app.web.models import BUSY
from app.web.renders import RenderBusy
from app.web.routes.downloads import busy
from app.web.routes.embeds import base_url
from app.web.views.common import MIN_WIDTH, RESIZE_SCRIPT
from app.web.views.embed import DEFAULT_THEME, THEMES, embed_url, snippet

EMBED_PAD = 16  # px around the chart inside the frame (static/css/embed.css .embed-main padding)
OEMBED_WIDTH = 640  # px when the consumer gives no maxwidth
CACHE_AGE = 86400  # s: what the answer tells consumers to keep it for
CHART_ID = re.compile(r"^/embed/([A-Za-z0-9_-]+)/?$")

router = APIRouter(tags=["charts"])


def text_height(web: Web, chart: charts.ChartDef, t: Cut, width: int) -> int:
    """An estimate of the embed page's text around the chart at `width`. Only a first guess: with
    the resize script the frame takes the exact height the page posts."""
    ds = web.ds
    inner = max(width - 2 * EMBED_PAD, 120)
    per_line = max(inner / 7.6, 20)  # characters per line of 14 px sans text
    desc_lines = math.ceil(len(chart.describe(ds, t)) / per_line)
    credit_lines = math.ceil(len(charts.credit(ds)) / per_line) + 2
    title_lines = math.ceil(len(chart.title) / max(inner / 11, 10))
    slider = 120 if chart.live else 0
    text = 2 * EMBED_PAD + title_lines * 28 + 12 + slider + desc_lines * 20 + 16 + 28 + credit_lines * 18 + 16
    return math.ceil(text)


def story_chart(ds: Dataset, anchor: str) -> str | None:
    """The chart a story link shows: its step's first drawable chart (#threshold, #divide, ...), the
    story's first for no anchor or #main, None for an anchor of no step with a chart."""
    drawable = charts.available(ds)
    if anchor in ("", "main"):
        return drawable[0].id if drawable else None
    return next((c.id for c in drawable if c.step == anchor), None)


def chart_width(width: int) -> int:
    return max(width - 2 * EMBED_PAD, 120)


@router.get("/oembed", summary="oEmbed (rich) for an embed URL of this site",
            responses={404: {"description": "Not an embed of this site"}, **BUSY,
                       422: {"description": "Invalid parameter"}, 501: {"description": "Format not json"}})
async def oembed(
    request: Request,
    web: WebDep,
    url: Annotated[str, Query(max_length=2048, description="An /embed/{chart} URL of this site, or a story URL "
                                                         "(/?t=…, /?d=…, /#step: the chart of that step)")],
    maxwidth: Annotated[int | None, Query(ge=1, le=10000)] = None,
    maxheight: Annotated[int | None, Query(ge=1, le=100000)] = None,
    format: Annotated[str, Query(max_length=10, description="json (xml is not offered)")] = "json",
) -> Response:
    ds = web.ds
    if format != "json":
        if format == "xml":  # the oEmbed spec's answer to a format the provider does not offer
            return errors.error(501, "not implemented", "only format=json is offered", "format")
        return errors.invalid("must be json", "format")
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return errors.invalid("must be an absolute http(s) URL", "url")
    if not request.app.state.hosts.is_ours(parts.netloc, request):  # app/web/hosts.py
        return errors.not_found(f"url: {parts.netloc} is not this site ({request.url.netloc})", "url")
    m = CHART_ID.match(parts.path)
    if m:
        chart_id = m.group(1)
    elif parts.path in ("", "/"):
        # a link to the story (/?t=…, /?d=…, /#step): the chart of that step, or the story's first
        found = story_chart(ds, parts.fragment)
        if found is None:
            return errors.not_found(f"url: the story has no chart at #{parts.fragment}", "url")
        chart_id = found
    else:
        return errors.not_found("url: not the story or an embed of this site (expected / or /embed/{chart})", "url")
    try:
        chart = charts.get(ds, chart_id)
    except (KeyError, charts.ChartUnavailable):
        return errors.not_found(f"url: unknown chart {chart_id!r}", "url")
    q = parse_qs(parts.query)
    if "t" in q and "d" in q:
        return errors.invalid("give t or d, not both", "url")
    try:
        if "d" in q:
            t = charts.check_t(Cut(d=float(q["d"][0])))
        else:
            t = charts.check_t(float(q["t"][0])) if "t" in q else default_cut(ds)
    except ValueError:
        return errors.invalid("its t must be a number between 0 and 1 (its d between 0 and 0.5)", "url")
    theme = q.get("theme", [DEFAULT_THEME])[0]
    if theme not in THEMES:
        return errors.invalid("its theme must be light, dark or auto", "url")
    width = min(maxwidth or OEMBED_WIDTH, OEMBED_WIDTH)  # below 300 px the page still lays out, just cramped
    frame_width = max(width, MIN_WIDTH)
    # the chart's own height is a render (app/web/renders.py): waited for without holding a thread
    try:
        drawn = await web.renders.height(chart.id, t, chart_width(frame_width))
    except RenderBusy as e:
        return await busy(web, e)
    height = drawn + text_height(web, chart, t, frame_width)
    if maxheight:
        height = min(height, maxheight)
    base = base_url(request)
    src = embed_url(base, chart.id, t, theme)
    body = {
        "version": "1.0",
        "type": "rich",
        "title": chart.title,
        "html": str(snippet(web, src, chart.title, width, height, chart.id, base + RESIZE_SCRIPT)),
        "width": width,
        "height": height,
        "provider_name": appendix.PROJECT,
        "provider_url": base + "/",
        "author_name": f"{appendix.PROJECT}, after {story.ESSAY_AUTHORS} ({story.ESSAY_PUBLISHER})",
        "author_url": story.ESSAY_URL,
        "cache_age": CACHE_AGE,
        # not in the oEmbed spec, but what a newsroom needs to credit the chart correctly
        "credit": charts.credit(ds),
        "synthetic": ds.synthetic,
        "license": appendix.CONTENT_LICENCE["name"],
        "license_url": appendix.CONTENT_LICENCE["url"],
        "embed_url": src,
    }
    return respond(Body.json(body), http.OEMBED)
