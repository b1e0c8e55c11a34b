"""Presentation mode: the story's steps as full-screen slides (`/present`), their speaker notes
(`/present/notes`) and the deck as data (`/present.json`), all from the story's own data, so no prose
is copied here.

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

from app import story
from app.core.languages import detect
from app.core.threshold import Cut
from app.web.context import Web
from app.web.views.common import language_names, lead_chart, link_preview
from app.web.views.figures import cut_query
from app.web.views.story import page_context, story_data

# The deck's keys, as reveal.js users know them: the help overlay (?) and the title slide list them
# from here, and static/js/present.js binds the same keys (tests/browser/test_present.py presses each).
DECK_KEYS: tuple[tuple[tuple[str, ...], str], ...] = (
    (("→", "Space", "Page Down"), "next slide"),
    (("←", "Shift+Space", "Page Up"), "previous slide"),
    (("Home", "End"), "first, last slide"),
    (("Esc", "o"), "overview of every slide"),
    (("b", "."), "blackout (press again to return)"),
    (("f",), "full screen"),
    (("s",), "speaker view: notes, next slide, timer"),
    (("?",), "this list of keys"),
)
TITLE_KEYS = 3  # the title slide names the first few keys and points to ? for the rest

SAMPLES_PER_GROUP = 2  # caption samples per site on a slide (the story shows five)
SLIDE_BLOCKS = ("samples", "cld3", "table", "commands")  # blocks that fit a slide; the rest stay in the story


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


def slide_block(b: story.Block) -> story.Block:
    if b.kind == "samples":
        groups = [{**g, "captions": g["captions"][:SAMPLES_PER_GROUP]} for g in b.data.get("groups", [])]
        return dataclasses.replace(b, data={**b.data, "groups": groups})
    return b


def build_slides(steps: list[story.Step]) -> list[Slide]:
    slides = [Slide(1, None, None)]
    for step in steps:
        for i, beat in enumerate(step.beats):
            blocks = () if beat.chart else tuple(slide_block(b) for b in beat.blocks if b.kind in SLIDE_BLOCKS)
            slides.append(Slide(len(slides) + 1, step, beat, i + 1, len(step.beats), blocks))
    return slides


def live_parts(p: story.Paragraph) -> list[str | dict[str, Any]]:
    """A paragraph as text and live numbers ({text, key, fmt}) that the notes window re-formats when the
    slides' cut moves (static/js/present-notes.js, with explainer-core.js formatStat)."""
    return [s if isinstance(s, str) else {"text": s.text, "key": s.key, "fmt": s.fmt}
            if isinstance(s, story.Num) and s.key else s.text for s in p]


def notes_data(slides: list[Slide]) -> list[dict[str, Any]]:
    """Per slide, what the speaker-notes window shows (plain text: it is set with textContent) and
    /present.json lists; `script_parts` marks the slide text's live numbers."""
    out = []
    for i, s in enumerate(slides):
        nxt = slides[i + 1] if i + 1 < len(slides) else None
        where = f"Step {s.step.number} · {s.step.kicker} · part {s.part} of {s.parts}" if s.step else "Title"
        out.append({
            "n": s.number, "title": s.title, "where": where, "step": s.step.id if s.step else None,
            "chart": s.chart,
            "notes": list(s.step.notes) if s.step else [story.plain(story.credit())],
            "script": [story.plain(p) for p in s.beat.paragraphs] if s.beat else [story.PAGE_DEK],
            "script_parts": [live_parts(p) for p in s.beat.paragraphs] if s.beat else [[story.PAGE_DEK]],
            "next": f"{nxt.number}. {nxt.title}" + (f" (part {nxt.part} of {nxt.parts})" if nxt.parts > 1 else "")
            if nxt else "End of the slides",
        })
    return out


def deck_data(web: Web, t: Cut, story: dict[str, Any] | None = None) -> dict[str, Any]:
    """The deck at t: the story's data (`story`, when the caller has it already) and its slides."""
    data = story or story_data(web, t)
    return {**data, "slides": build_slides(data["steps"])}


def deck_json(deck: dict[str, Any]) -> dict[str, Any]:
    return {"t": deck["t"], "d": deck["d"], "essay": deck["essay"], "dataset": deck["dataset"],
            "count": len(deck["slides"]), "slides": notes_data(deck["slides"])}


def printed_answer(slides: list[Slide]) -> dict[str, Any] | None:
    """A printed slide cannot run the CLD3 box: it shows the detector's answer for the first example."""
    for s in slides:
        for b in s.blocks:
            if b.kind == "cld3" and b.data.get("examples"):
                text = b.data["examples"][0]
                return {"text": text, **detect(text)}
    return None


def present_html(web: Web, deck: dict[str, Any], *, static: bool = False) -> bytes:
    ctx = page_context(web, deck, static=static)
    # the deck's URLs sit in JSON, out of reach of the export's link rewriting: name the files here
    notes_url = "present-notes.html" if static else "/present/notes"
    slides = deck["slides"]
    ctx.update(slides=slides, static=static, deck={"count": len(slides), "notes_url": notes_url},
               deck_keys=DECK_KEYS, title_keys=TITLE_KEYS, slide_notes=notes_data(slides),
               cld3_printed=printed_answer(slides),
               preview=link_preview(web, deck["cut"], lead_chart(web.ds), "/present", f"Slides · {story.PAGE_TITLE}",
                                    story.PAGE_DEK, static=static))
    return web.render("present.html", ctx)


def notes_html(web: Web, deck: dict[str, Any], *, static: bool = False) -> bytes:
    ds = web.ds
    # the previews of the current and next slide are the charts' static SVGs (the export writes them
    # at its one cut, so its URLs carry no t or d)
    return web.render("present_notes.html", {
        "page_title": f"Speaker notes · {story.PAGE_TITLE}", "page_dek": story.PAGE_DEK, "t": deck["cut"],
        "notes": notes_data(deck["slides"]), "count": len(deck["slides"]),
        "charts_base": "charts/" if static else "/charts/", "charts_query": not static,
        "cut_query": cut_query(deck["cut"]),
        # how the notes window formats the live numbers the slides send (explainer-core.js formatStat)
        "notes_meta": {"scale": ds.scale, "synthetic": ds.synthetic, "language_names": language_names(ds)}})
