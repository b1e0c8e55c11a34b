"""The story at `/` and its JSON twin `/story.json`, both from one view (app/web/views/story.py).

Pages are rendered once per (dataset, threshold bin, asset versions) and kept in the app's body
cache, so a repeat request costs a dictionary lookup and a revalidation a 304; `?text=` inserts the
language box's answer into that cached page (app/web/views/language_page.py). A bad `t` gets the
422 JSON naming `t`, the same as the API.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from app.core.domains import MAX_QUERY
from app.core.languages import MAX_CHARS
from app.web import http
from app.web.deps import LanguageQuota, Threshold, WebDep
from app.web.http import Body, respond
from app.web.models import TOO_MANY
from app.web.views.language_page import language_page
from app.web.views.story import story_data, story_html, story_json

Text = Annotated[str | None, Query(max_length=MAX_CHARS, description="ALT text for the language box (no-JS path)")]
Site = Annotated[str | None, Query(max_length=MAX_QUERY, description="Domain, host or URL for 'Is your site in it?'")]

router = APIRouter()


@router.get("/", response_class=Response, summary="The story (HTML)", responses=TOO_MANY,
            dependencies=[LanguageQuota])
def index(request: Request, web: WebDep, t: Threshold, text: Text = None, site: Site = None) -> Response:
    if text and not site:  # the no-JS language box: the cached page with the answer inserted
        gzip = accepts_gzip(request.headers.get("accept-encoding", ""))
        page = language_page(web, t, text, web.language.detect(text), gzip=gzip)
        return one_off(page, {"Content-Encoding": "gzip", "Vary": "Accept-Encoding"} if gzip else None)
    if site:  # the no-JS site search: rendered for this input
        return one_off(story_html(web, story_data(web, t, text=text, site=site)))
    body = web.body(("story", t, web.assets_key()),
                    lambda: Body.of(story_html(web, story_data(web, t)), http.HTML))
    return respond(body, http.PAGE)


def one_off(page: bytes, headers: dict[str, str] | None = None) -> Response:
    """A page made for one reader's input: no ETag, so neither it nor its compressed copy is kept in a
    cache (endless distinct inputs would push the story's pages out), and no-store. A body that is
    already encoded (Content-Encoding) passes through the HTTP layer as it is."""
    return Response(page, media_type=http.HTML, headers={"Cache-Control": http.NO_STORE, **(headers or {})})


def accepts_gzip(accept_encoding: str) -> bool:
    """gzip (or *) with a non-zero q in Accept-Encoding (brotli pieces cannot be joined: gzip it is)."""
    q: dict[str, float] = {}
    for part in accept_encoding.lower().split(","):
        token, _, params = part.strip().partition(";")
        weight = params.strip()
        try:
            q[token.strip()] = float(weight[2:]) if weight.startswith("q=") else 1.0
        except ValueError:
            q[token.strip()] = 0.0
    return q.get("gzip", q.get("*", 0.0)) > 0


@router.get("/story.json", summary="The story's steps and charts as data (the page's JSON twin)")
def story_json_route(web: WebDep, t: Threshold) -> Response:
    body = web.body(("story.json", t), lambda: Body.json(story_json(story_data(web, t))))
    return respond(body, http.DATA)
