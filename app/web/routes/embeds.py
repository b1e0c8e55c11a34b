"""Embeds for journalists: `/embed/{chart}` (one chart that sizes itself in an iframe) and its JSON twin
`/embed/{chart}.json`, both from one view (app/web/views/embed.py); pages are cached like the story."""

from __future__ import annotations

from typing import Annotated
from urllib.parse import quote

from fastapi import APIRouter, HTTPException, Query, Request
from fastapi.responses import Response

from app import charts
from app.web import http
from app.web.context import Web
from app.web.deps import Threshold, WebDep
from app.web.http import Body, respond
from app.web.views.embed import DEFAULT_THEME, Theme, embed_data, embed_html, embed_json, embed_url

ThemeQ = Annotated[Theme, Query(description="light, dark, or auto (follows the reader's system setting)")]

router = APIRouter(tags=["charts"])


def base_url(request: Request) -> str:
    return str(request.base_url).rstrip("/")


def oembed_href(base: str, url: str) -> str:
    return f"{base}/oembed?url={quote(url, safe='')}&format=json"


def check_chart(web: Web, chart: str) -> None:
    """404 for a chart this data cannot draw (errors.py answers browsers with the styled 404 page)."""
    try:
        charts.get(web.ds, chart)
    except (KeyError, charts.ChartUnavailable) as e:
        detail = str(e) if isinstance(e, charts.ChartUnavailable) else f"unknown chart {chart!r}"
        raise HTTPException(404, detail) from None


@router.get("/embed/{chart}.json", summary="One chart's embed as data: figure, table, credit (the JSON twin)")
def embed_json_route(web: WebDep, chart: str, t: Threshold, theme: ThemeQ = DEFAULT_THEME) -> Response:
    check_chart(web, chart)
    body = web.body(("embed.json", chart, t, theme), lambda: Body.json(embed_json(embed_data(web, chart, t, theme))))
    return respond(body, http.DATA)


@router.get("/embed/{chart}", response_class=Response,
            summary="One chart for an iframe: title, description, data table, credit and its own slider")
def embed(request: Request, web: WebDep, chart: str, t: Threshold, theme: ThemeQ = DEFAULT_THEME) -> Response:
    check_chart(web, chart)
    base = base_url(request)
    href = oembed_href(base, embed_url(base, chart, t, theme))

    def make() -> Body:
        return Body.of(embed_html(web, embed_data(web, chart, t, theme), oembed_href=href), http.HTML)

    return respond(web.body(("embed", chart, t, theme, base, web.assets_key()), make), http.PAGE)
