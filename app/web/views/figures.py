"""One chart as the pages, the embeds, the slides, /api/charts and the export all describe it."""

from __future__ import annotations

from typing import Any

from app import charts
from app.core import format as fmt
from app.core.dataset import Dataset
from app.core.figures import default_t
from app.web.context import Web

FORMATS = ("svg", "png", "csv", "json")


def links(chart_id: str, t: float | None) -> dict[str, str]:
    """The chart's embed page and downloads, at t (None: the default threshold, no ?t in the URL)."""
    q = f"?t={fmt.threshold(t)}" if t is not None else ""
    return {"embed": f"/embed/{chart_id}{q}", **{f: f"/charts/{chart_id}.{f}{q}" for f in FORMATS}}


def summary(ds: Dataset, chart: charts.ChartDef, t: float) -> dict[str, Any]:
    return {"id": chart.id, "title": chart.title, "step": chart.step, "live": chart.live, "needs": list(chart.needs),
            "description": chart.describe(ds, t)}


def figure(ds: Dataset, chart: charts.ChartDef, t: float) -> dict[str, Any]:
    """The chart at t with its data table (no-JS readers and screen readers) and its links."""
    rows = chart.table(ds, t)
    cols = list(rows[0].keys()) if rows else []
    return {**summary(ds, chart, t), "columns": cols, "rows": [[r.get(k) for k in cols] for r in rows],
            "links": links(chart.id, t)}


def figures(ds: Dataset, t: float) -> dict[str, dict[str, Any]]:
    return {c.id: figure(ds, c, t) for c in charts.available(ds)}


def chart_list(ds: Dataset, t: float | None = None) -> list[dict[str, Any]]:
    """/api/charts: every chart this data can draw, with its embed and download URLs."""
    at = t if t is not None else default_t(ds)
    out = []
    for c in charts.available(ds):
        urls = links(c.id, t)
        out.append({**summary(ds, c, at), "embed_url": urls["embed"], "downloads": {f: urls[f] for f in FORMATS}})
    return out


def chart_bundle(web: Web) -> dict[str, dict[str, Any]]:
    """Specs at the default threshold, built once per dataset; the browser moves them to the page's t."""
    def make() -> dict[str, dict[str, Any]]:
        ds, t = web.ds, default_t(web.ds)
        return {c.id: {"title": c.title, "live": c.live, "spec": charts.chart_spec(ds, c.id, t),
                       "dark": charts.chart_spec(ds, c.id, t, theme="dark")["config"]}
                for c in charts.available(ds)}

    return web.value(("chart-bundle",), make)
