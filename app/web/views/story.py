"""The story: one dict per threshold from which `/` (HTML), `/story.json` and the export's index.html
are all made."""

from __future__ import annotations

from typing import Any

from app import story
from app.core.domains import MAX_QUERY
from app.core.languages import MAX_CHARS
from app.core.threshold import Cut
from app.story import appendix, site_search
from app.web.context import Web
from app.web.views.common import ESSAY, SNIPPET, dataset_facts, frame, lead_chart, link_preview, script_data
from app.web.views.figures import figures


def story_data(web: Web, t: Cut, *, text: str | None = None, site: str | None = None) -> dict[str, Any]:
    """The story at a cut (t or d, on the grid); `text` and `site` are the no-JS language box and site search."""
    ds = web.ds
    return {
        "cut": t, "t": t.t, "d": t.d, "essay": ESSAY, "dataset": dataset_facts(ds), "threshold": ds.threshold(t),
        "steps": story.build_steps(ds, t), "figures": figures(ds, t), "appendix": appendix.build_appendix(ds),
        "text": text or "", "language": web.language.detect(text) if text else None,
        "site": site or "", "site_answer": site_search.page_answer(ds, site),
    }


def story_json(data: dict[str, Any]) -> dict[str, Any]:
    """The page's JSON twin: every step, paragraph and number, and each chart's data."""
    return {"t": data["t"], "d": data["d"], "essay": data["essay"], "dataset": data["dataset"],
            "threshold": data["threshold"], "steps": [s.as_json() for s in data["steps"]],
            "figures": list(data["figures"].values())}


def page_context(web: Web, data: dict[str, Any], **ctx: Any) -> dict[str, Any]:
    """The story's template variables (the slides use them too); `ctx` adds to the blocks' context
    (the export's `static` and `site_copy`)."""
    t = data["cut"]
    return {
        **frame(web, t, data["threshold"]), "steps": data["steps"], "figures": data["figures"],
        "credit": story.credit(), "synthetic_note": story.synthetic_note(web.ds), "appendix": data["appendix"],
        "snippet": SNIPPET,
        "ctx": {"t": t, "cld3_max": MAX_CHARS, "cld3_text": data["text"], "cld3_result": data["language"],
                "site_query": data["site"], "site_answer": data["site_answer"], "site_max": MAX_QUERY, **ctx},
        "data": script_data(web, t),
        "preview": link_preview(web, t, lead_chart(web.ds), "/", story.PAGE_TITLE, story.PAGE_DEK,
                                static=bool(ctx.get("static"))),
    }


def story_html(web: Web, data: dict[str, Any], **ctx: Any) -> bytes:
    return web.render("story.html", page_context(web, data, **ctx))
