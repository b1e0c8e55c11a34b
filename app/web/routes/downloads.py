"""Chart downloads: /charts/{chart}.{svg|png|csv|json}?t=&theme=&inline=&narrow= (app/web/views/downloads.py).

Async on purpose: SVG and PNG wait for the render pool (app/web/renders.py) without holding one of
the threads the pages and the API answer from; CSV and JSON are quick and made in those threads.
"""

from __future__ import annotations

from typing import Annotated, Literal

import anyio
import anyio.to_thread
from fastapi import APIRouter, Query
from fastapi.responses import Response

from app import charts
from app.web import errors, http
from app.web.context import Web
from app.web.deps import Threshold, WebDep
from app.web.http import respond
from app.web.models import BUSY, ERRORS, NOT_FOUND
from app.web.renders import RenderBusy
from app.web.views.downloads import IMAGES, MEDIA, filename, render

# an SVG opened on its own is a document: it must not be able to run or fetch anything
SVG_HEADERS = {"Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'; img-src data:",
               "X-Content-Type-Options": "nosniff"}

router = APIRouter()


@router.get("/charts/{chart}.{fmt}", tags=["charts"], summary="Download a chart as SVG, PNG, CSV or Vega-Lite JSON",
            responses={**ERRORS, **NOT_FOUND, **BUSY, 200: {"content": {m: {} for m in MEDIA.values()},
                                                    "description": "The chart in the requested format"}})
async def download(
    web: WebDep,
    chart: str,
    fmt: str,
    t: Threshold,
    theme: Annotated[Literal["light", "dark", "auto"], Query(description="auto is light on the server")] = "light",
    inline: Annotated[bool, Query(description="Content-Disposition inline instead of attachment")] = False,
    narrow: Annotated[bool, Query(description="SVG and PNG: drawn 360 px wide in the chart's phone layout")] = False,
) -> Response:
    if fmt not in MEDIA:
        return errors.not_found(f"unknown format {fmt!r}: one of {', '.join(MEDIA)}", "fmt")
    if chart not in charts.CHARTS:
        return errors.not_found(f"unknown chart {chart!r}", "chart")
    try:
        charts.get(web.ds, chart)
    except charts.ChartUnavailable as e:
        return errors.not_found(str(e), "chart")
    disposition = "inline" if inline else "attachment"
    headers = {"Content-Disposition": f'{disposition}; filename="{filename(chart, t, theme, fmt, narrow)}"'}
    if fmt == "svg":
        headers.update(SVG_HEADERS)
    if fmt in IMAGES:
        try:
            body = await web.renders.image(chart, t, theme, fmt, narrow)
        except RenderBusy as e:
            return await busy(web, e)
    else:
        body = await anyio.to_thread.run_sync(render, web, chart, t, theme, fmt, narrow)
    return respond(body, http.DATA, headers)


async def busy(web: Web, e: RenderBusy) -> Response:
    """503 in the errors' shape, with Retry-After: images wait their turn, pages never do. Sent after
    Settings.shed_delay, which holds no thread, so that clients ignoring Retry-After slow themselves."""
    await anyio.sleep(web.settings.shed_delay)
    response = errors.error(503, "busy", str(e))
    response.headers["Retry-After"] = str(e.retry_after)
    response.headers["Cache-Control"] = http.NO_STORE
    return response
