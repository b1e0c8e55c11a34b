"""Presentation mode: `/present` (the slides), `/present/notes` (the speaker-notes window) and
`/present.json` (the deck as data), all from one view (app/web/views/slides.py)."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import Response

from app.web import http
from app.web.deps import Threshold, WebDep
from app.web.http import Body, respond
from app.web.views.slides import deck_data, deck_json, notes_html, present_html

router = APIRouter()


@router.get("/present", response_class=Response, summary="The story as full-screen slides (HTML)")
def present(web: WebDep, t: Threshold) -> Response:
    body = web.body(("present", t, web.assets_key()),
                    lambda: Body.of(present_html(web, deck_data(web, t)), http.HTML))
    return respond(body, http.PAGE)


@router.get("/present/notes", response_class=Response, summary="Speaker notes for /present (HTML)")
def present_notes(web: WebDep, t: Threshold) -> Response:
    body = web.body(("present-notes", t, web.assets_key()),
                    lambda: Body.of(notes_html(web, deck_data(web, t)), http.HTML))
    return respond(body, http.PAGE)


@router.get("/present.json", summary="The slides and their speaker notes as data (the JSON twin of /present)")
def present_json(web: WebDep, t: Threshold) -> Response:
    body = web.body(("present.json", t), lambda: Body.json(deck_json(deck_data(web, t))))
    return respond(body, http.DATA)
