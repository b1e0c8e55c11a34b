"""The story at `/` and its JSON twin `/story.json`, both from one view (app/web/views/story.py).

Pages are rendered once per (dataset, threshold bin, asset versions) and kept in the app's body
cache, so a repeat request costs a dictionary lookup and a revalidation a 304. A bad `t` gets the
422 JSON naming `t`, the same as the API.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query
from fastapi.responses import Response

from app.core.domains import MAX_QUERY
from app.core.languages import MAX_CHARS
from app.web import http
from app.web.deps import Threshold, WebDep
from app.web.http import Body, respond
from app.web.views.story import story_data, story_html, story_json

Text = Annotated[str | None, Query(max_length=MAX_CHARS, description="ALT text for the language box (no-JS path)")]
Site = Annotated[str | None, Query(max_length=MAX_QUERY, description="Domain, host or URL for 'Is your site in it?'")]

router = APIRouter()


@router.get("/", response_class=Response, summary="The story (HTML)")
def index(web: WebDep, t: Threshold, text: Text = None, site: Site = None) -> Response:
    if text or site:  # the no-JS language box and site search: rendered for this input, not cached
        page = story_html(web, story_data(web, t, text=text, site=site))
        return respond(Body.of(page, http.HTML), http.PAGE)
    body = web.body(("story", t, web.assets_key()),
                    lambda: Body.of(story_html(web, story_data(web, t)), http.HTML))
    return respond(body, http.PAGE)


@router.get("/story.json", summary="The story's steps and charts as data (the page's JSON twin)")
def story_json_route(web: WebDep, t: Threshold) -> Response:
    body = web.body(("story.json", t), lambda: Body.json(story_json(story_data(web, t))))
    return respond(body, http.DATA)
