"""Presentation mode: `/present` shows the story's steps as full-screen slides, `/present/notes` is
the speaker-notes window. Both are built from the same steps as the story (app/story/), so no
prose is copied here.

Slides: one title slide, then one slide per beat of each step (a beat is the story's own unit: a
stretch of prose and the chart shown beside it), so a step is one to four slides. A beat's chart
fills the right of its slide; a beat without a chart shows its blocks (caption samples, the CLD3
box, tables) instead, trimmed to what fits a screen. Slides whose chart follows the threshold carry
the slider. Speaker notes are the step's notes (Step.notes) plus the slide's text as a script.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response

from app import story
from app.core.dataset import Dataset
from app.core.figures import default_t
from app.core.threshold import bin_of
from app.web.pages import ENV, T, _assets_key, _cached, _respond, page_context

SAMPLES_PER_GROUP = 2  # caption samples per site on a slide (the story shows five)
SLIDE_BLOCKS = ("samples", "cld3", "table", "commands")  # blocks that fit a slide; the rest stay in the story

router = APIRouter()


@dataclass(frozen=True)
class Slide:
    number: int  # 1-based: /present#5 is slide 5
    step: story.Step | None  # None for the title slide
    beat: story.Beat | None
    part: int = 0  # which beat of its step (1-based)
    parts: int = 0
    blocks: tuple[story.Block, ...] = ()

    @property
    def chart(self) -> str | None:
        return self.beat.chart if self.beat else None

    @property
    def title(self) -> str:
        return self.step.title if self.step else story.PAGE_TITLE


def _slide_block(b: story.Block) -> story.Block:
    if b.kind == "samples":
        groups = [{**g, "captions": g["captions"][:SAMPLES_PER_GROUP]} for g in b.data.get("groups", [])]
        return dataclasses.replace(b, data={**b.data, "groups": groups})
    return b


def build_slides(steps: list[story.Step]) -> list[Slide]:
    slides = [Slide(1, None, None)]
    for step in steps:
        for i, beat in enumerate(step.beats):
            blocks = () if beat.chart else tuple(_slide_block(b) for b in beat.blocks if b.kind in SLIDE_BLOCKS)
            slides.append(Slide(len(slides) + 1, step, beat, i + 1, len(step.beats), blocks))
    return slides


def notes_data(slides: list[Slide]) -> list[dict[str, Any]]:
    """Per slide, what the speaker-notes window shows (plain text: it is set with textContent)."""
    out = []
    for i, s in enumerate(slides):
        nxt = slides[i + 1] if i + 1 < len(slides) else None
        where = f"Step {s.step.number} · {s.step.kicker} · part {s.part} of {s.parts}" if s.step else "Title"
        out.append({
            "n": s.number, "title": s.title, "where": where,
            "notes": list(s.step.notes) if s.step else [story.plain(story.credit())],
            "script": [story.plain(p) for p in s.beat.paragraphs] if s.beat else [story.PAGE_DEK],
            "next": f"{nxt.number}. {nxt.title}" + (f" (part {nxt.part} of {nxt.parts})" if nxt.parts > 1 else "")
            if nxt else "End of the slides",
        })
    return out


def present_context(ds: Dataset, t: float, *, static: bool = False) -> dict[str, Any]:
    ctx = page_context(ds, t)
    slides = build_slides(ctx["steps"])
    ctx["ctx"] = {**ctx["ctx"], "static": static}
    # the deck's URLs sit in JSON, out of reach of the export's link rewriting: name the files here
    notes_url = "present-notes.html" if static else "/present/notes"
    ctx.update(slides=slides, static=static, deck={"count": len(slides), "notes_url": notes_url})
    return ctx


def render_present(ds: Dataset, t: float, *, static: bool = False) -> bytes:
    return ENV.get_template("present.html").render(present_context(ds, t, static=static)).encode()


def render_notes(ds: Dataset, t: float) -> bytes:
    ctx = page_context(ds, t)
    slides = build_slides(ctx["steps"])
    return ENV.get_template("present_notes.html").render(
        page_title=f"Speaker notes · {story.PAGE_TITLE}", page_dek=story.PAGE_DEK, t=ctx["t"],
        notes=notes_data(slides), count=len(slides)).encode()


@router.get("/present", response_class=Response, summary="The story as full-screen slides (HTML)")
def present(request: Request, t: T = None) -> Response:
    ds: Dataset = request.app.state.dataset
    t = default_t(ds) if t is None else t
    key = ("present", ds.etag, bin_of(t), _assets_key())
    body, etag = _cached(key, lambda: render_present(ds, t))
    return _respond(request, body, etag, "text/html; charset=utf-8")


@router.get("/present/notes", response_class=Response, summary="Speaker notes for /present (HTML)")
def present_notes(request: Request, t: T = None) -> Response:
    ds: Dataset = request.app.state.dataset
    t = default_t(ds) if t is None else t
    key = ("present-notes", ds.etag, bin_of(t), _assets_key())
    body, etag = _cached(key, lambda: render_notes(ds, t))
    return _respond(request, body, etag, "text/html; charset=utf-8")
