"""One chart as the pages, the embeds, the slides, /api/charts and the export all describe it."""

from __future__ import annotations

from typing import Any

from app import charts
from app.core import format as fmt
from app.core.dataset import Dataset
from app.core.figures import default_cut
from app.core.threshold import Cut
from app.web.context import Web

FORMATS = ("svg", "png", "csv", "json")


def cut_query(cut: Cut) -> str:
    """The query that names a cut: 't=0.280' or 'd=0.010'."""
    return f"{cut.param}={fmt.threshold(cut.value)}"


def links(chart_id: str, t: Cut | None) -> dict[str, str]:
    """The chart's embed page and downloads, at a cut (None: the default, no ?t or ?d in the URL)."""
    q = f"?{cut_query(t)}" if t is not None else ""
    return {"embed": f"/embed/{chart_id}{q}", **{f: f"/charts/{chart_id}.{f}{q}" for f in FORMATS}}


def summary(ds: Dataset, chart: charts.ChartDef, t: Cut) -> dict[str, Any]:
    return {"id": chart.id, "title": chart.title, "step": chart.step, "live": chart.live, "needs": list(chart.needs),
            "description": chart.describe(ds, t)}


def figure(ds: Dataset, chart: charts.ChartDef, t: Cut) -> dict[str, Any]:
    """The chart at t with its data table (no-JS readers and screen readers) and its links; a chart
    whose description states threshold-dependent numbers gives it as parts too, which the page marks
    up so that the slider re-formats them (`description_parts`, None otherwise)."""
    rows = chart.table(ds, t)
    cols = list(rows[0].keys()) if rows else []
    parts = chart.describe_live(ds, t) if chart.describe_live else None
    return {**summary(ds, chart, t), "description_parts": parts, "columns": cols,
            "rows": [[r.get(k) for k in cols] for r in rows],
            "links": links(chart.id, t)}


def figures(ds: Dataset, t: Cut) -> dict[str, dict[str, Any]]:
    return {c.id: figure(ds, c, t) for c in charts.available(ds)}


def chart_list(ds: Dataset, t: Cut | None = None) -> list[dict[str, Any]]:
    """/api/charts: every chart this data can draw, with its embed and download URLs (descriptions at
    the cut asked for, else at the default every page opens at)."""
    at = t if t is not None else default_cut(ds)
    out = []
    for c in charts.available(ds):
        urls = links(c.id, t)
        out.append({**summary(ds, c, at), "embed_url": urls["embed"], "downloads": {f: urls[f] for f in FORMATS}})
    return out


def chart_bundle(web: Web) -> dict[str, dict[str, Any]]:
    """Specs at the default threshold, built once per dataset; the browser moves them to the page's t."""
    def make() -> dict[str, dict[str, Any]]:
        ds, t = web.ds, default_cut(web.ds)
        out = {c.id: {"title": c.title, "live": c.live, "spec": charts.chart_spec(ds, c.id, t),
                      "dark": charts.chart_spec(ds, c.id, t, theme="dark")["config"]}
               for c in charts.available(ds)}
        # the page's live description (aria-describedby) says the numbers; a spec description written at
        # the default cut would go stale as the slider moves
        for c in out.values():
            c["spec"]["description"] = c["title"]
        return out

    return web.value(("chart-bundle",), make)
