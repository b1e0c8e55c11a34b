"""One chart for an iframe: the dict behind `/embed/{chart}` (HTML), `/embed/{chart}.json` and the
export's embed/<chart>.html, and the copy-paste embed code.

An embed page is the chart alone with its title, one-sentence description, data table, credit line
(data source from the manifest, the synthetic flag, the essay, the licence) and, for charts that
follow the threshold, its own slider. It posts its height to the parent page
(`{type: "explainer:height", height}` and Datawrapper's `{"datawrapper-height": {id: height}}`) and
listens for `{type: "explainer:threshold", t}` and `{type: "explainer:offset", d}` (static/js/embed.js).
"""

from __future__ import annotations

from typing import Any, Literal

from markupsafe import Markup

from app import charts, story
from app.core.threshold import Cut
from app.web.context import Web
from app.web.views.common import ESSAY, LICENCE, MIN_WIDTH, dataset_facts, frame, link_preview, script_data
from app.web.views.figures import cut_query, figure

Theme = Literal["light", "dark", "auto"]
THEMES: tuple[Theme, ...] = ("light", "dark", "auto")
DEFAULT_THEME: Theme = "light"  # a news page is usually light; "auto" follows the reader's system


def embed_data(web: Web, chart_id: str, t: Cut, theme: Theme) -> dict[str, Any]:
    """The embed of a chart at a cut (KeyError: no such chart; charts.ChartUnavailable: not in this data)."""
    ds = web.ds
    chart = charts.get(ds, chart_id)
    step = next((s for s in story.build_steps(ds, t) if s.id == chart.step), None)
    tq = cut_query(t)
    return {
        "t": t.t, "d": t.d, "cut": t, "theme": theme, "chart": figure(ds, chart, t), "dataset": dataset_facts(ds),
        "threshold": ds.threshold(t), "credit": charts.credit(ds), "credit_lines": charts.credit_lines(ds),
        "essay": ESSAY, "licence": LICENCE,
        "step": {"id": step.id, "number": step.number, "title": step.title} if step else None,
        "story_url": f"/?{tq}#{step.id if step else 'main'}",
    }


def embed_json(data: dict[str, Any]) -> dict[str, Any]:
    keys = ("t", "d", "theme", "chart", "dataset", "credit", "essay", "licence", "step", "story_url")
    return {k: data[k] for k in keys}


def embed_html(web: Web, data: dict[str, Any], *, oembed_href: str | None = None, static: bool = False) -> bytes:
    t, chart_id = data["cut"], data["chart"]["id"]
    return web.render("embed.html", {
        **frame(web, t, data["threshold"]), "theme": data["theme"], "f": data["chart"], "step": data["step"],
        "story_url": data["story_url"], "static": static, "oembed_href": oembed_href,
        "data": script_data(web, t, [chart_id], theme=data["theme"], chart=chart_id, static=static),
        "preview": link_preview(web, t, chart_id, f"/embed/{chart_id}", data["chart"]["title"],
                                data["chart"]["description"], static=static),
    })


def embed_url(base: str, chart_id: str, t: Cut | None = None, theme: str | None = None) -> str:
    """An embed page's absolute URL (no ?t or ?d at the default cut, no theme when light)."""
    q = []
    if t is not None:
        q.append(cut_query(t))
    if theme and theme != DEFAULT_THEME:
        q.append(f"theme={theme}")
    return f"{base}/embed/{chart_id}" + ("?" + "&".join(q) if q else "")


def snippet(web: Web, src: str, title: str, width: int | str, height: int, chart_id: str, resize_src: str) -> Markup:
    """The embed code: the iframe and the resize script, from templates/partials/embed_snippet.html
    (the story's Embed dialog clones the same markup in the browser)."""
    macro = web.templates.get_template("partials/embed_snippet.html").module.embed_snippet  # type: ignore[attr-defined]
    min_width = min(MIN_WIDTH, width) if isinstance(width, int) else MIN_WIDTH
    return macro(src=src, title=title, width=width, height=height, chart_id=chart_id, resize_src=resize_src,
                 min_width=min_width)
