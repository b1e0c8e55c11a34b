"""Vega-Lite specs: built once per dataset, theme and size, cached, and moved to each threshold.

`chart_spec(ds, id, t, theme)` gives the dict the story, the embeds and the downloads all use, so
they can never disagree. A spec depends on t only through the param `t` and the "live" rows (the
live-update contract in app.charts.registry), so moving a cached spec to t is the same as building
it at t (tests/charts/test_specs.py checks this for every chart).
"""

from __future__ import annotations

import copy
import json
import textwrap
from typing import Any

import altair as alt

from app.charts.credit import credit_lines
from app.charts.registry import ChartDef, available, check_t, get
from app.charts.theme import theme_config, theme_name
from app.charts.width import DEFAULT_VW, NARROW, VW
from app.core import format as fmt
from app.core.cache import LRU
from app.core.dataset import Dataset
from app.core.figures import default_cut
from app.core.threshold import Cut

VL_VERSION = "6.4"  # the one Vega-Lite version: specs, the vendor bundle, downloads and server renders
SPEC_CACHE_SIZE = 256
NARROW_TITLE_CHARS = 34  # a title line of a narrow render (16 px type in about 330 px)
NARROW_SUBTITLE_CHARS = 48  # a subtitle line of a narrow render (12 px type)

_specs = LRU(SPEC_CACHE_SIZE)  # JSON text per (dataset, chart, theme, width, standalone), built at default_t


def _threshold_line(t: Cut) -> str:
    return f"Thresholds: {fmt.cut(t.t, t.d)}" if t.offset else f"Threshold t = {fmt.threshold(t.value)}"


def _render_spec(ds: Dataset, chart: ChartDef, t: Cut, theme: str, width: int | None, standalone: bool) -> str:
    built = chart.build(ds, t)
    if standalone:
        subtitle = credit_lines(ds)
        if chart.live:
            subtitle.insert(0, _threshold_line(t))
        title: str | list[str] = chart.title
        if width and width < NARROW:  # titles do not wrap: a narrow render gets short lines
            title = textwrap.wrap(chart.title, NARROW_TITLE_CHARS)
            subtitle = [part for line in subtitle for part in textwrap.wrap(line, NARROW_SUBTITLE_CHARS)]
        built = built.properties(title=alt.Title(title, subtitle=subtitle))
    spec = built.to_dict(validate=False)
    # everything that depends on the theme lives in config (no top-level background), so a page
    # can switch themes by swapping config alone
    spec["config"] = theme_config(theme)
    spec["width"] = width if width else "container"
    spec["autosize"] = {"type": "fit-x", "contains": "padding"}
    # the box's width, which the charts' expressions read (app.charts.width); the page sets it
    spec["params"] = [*spec.get("params", []), {"name": VW, "value": width or DEFAULT_VW}]
    spec["usermeta"] = {**spec.get("usermeta", {}),  # a chart's own (the stack's text_sets_height)
                        "chart": chart.id, "t": t.t, "d": t.d, "live": chart.live, "theme": theme, "etag": ds.etag}
    return json.dumps(spec, ensure_ascii=False, allow_nan=False)


def _set_live_rows(node: Any, rows: list[dict[str, Any]]) -> None:
    """Replace the values of every inline dataset named "live" (it may sit in any layer)."""
    if isinstance(node, dict):
        if node.get("name") == "live" and "values" in node:
            node["values"] = rows
        for v in node.values():
            _set_live_rows(v, rows)
    elif isinstance(node, list):
        for v in node:
            _set_live_rows(v, rows)


def _at(spec: dict[str, Any], ds: Dataset, chart: ChartDef, t: Cut, standalone: bool) -> dict[str, Any]:
    """Move a spec to threshold t: the param t, the "live" rows, and the texts that quote t."""
    if chart.live == "param":
        values = param_values(ds, t)
        for p in spec.get("params", []):
            if p.get("name") in values:
                p["value"] = values[p["name"]]
    elif chart.live:
        _set_live_rows(spec, ds.threshold(t)[chart.live])
    if standalone and chart.live and isinstance(spec.get("title"), dict):
        spec["title"]["subtitle"][0] = _threshold_line(t)
    spec["description"] = chart.describe(ds, t)
    spec["usermeta"]["t"] = t.t
    spec["usermeta"]["d"] = t.d
    return spec


def param_values(ds: Dataset, t: Cut) -> dict[str, float]:
    """The params of a live == "param" chart at a cut: `t`, the lowest cut (the shade's edge), and `d`,
    the offset (-1 in the absolute mode). static/js/explainer-core.js sets the same two signals."""
    return {"t": t.lowest(ds.payload), "d": t.d if t.d is not None else -1.0}


def fresh_spec(ds: Dataset, chart_id: str, t: float | Cut, theme: str = "light", *, width: int | None = None,
               standalone: bool = False) -> dict[str, Any]:
    """The spec built at t itself, without the cache (what chart_spec must equal; for tests and checks)."""
    chart = get(ds, chart_id)
    t = check_t(t)
    theme = theme_name(theme)
    return _at(json.loads(_render_spec(ds, chart, t, theme, width, standalone)), ds, chart, t, standalone)


def chart_spec(ds: Dataset, chart_id: str, t: float | Cut, theme: str = "light", *, width: int | None = None,
               standalone: bool = False) -> dict[str, Any]:
    """The Vega-Lite spec of a chart at threshold t, width "container" unless `width` is given.

    `standalone` adds the title and the credit line (downloads and server renders). Raises KeyError
    for an unknown chart, ChartUnavailable when the data lacks its columns, ValueError for a bad t.
    The dict is the caller's to change (a fresh copy each call).
    """
    chart = get(ds, chart_id)
    t = check_t(t)
    theme = theme_name(theme)
    # built once at the default threshold and moved to each t: cheap enough for every page view
    key = (ds.etag, chart_id, theme, width, standalone)
    base = default_cut(ds)
    raw = _specs.get_or_set(key, lambda: _render_spec(ds, chart, base, theme, width, standalone))
    return _at(json.loads(raw), ds, chart, t, standalone)


def table(ds: Dataset, chart_id: str, t: float | Cut) -> list[dict[str, Any]]:
    """The rows behind a chart at t (a copy: callers may change it)."""
    return copy.deepcopy(get(ds, chart_id).table(ds, check_t(t)))


def warm(ds: Dataset, themes: tuple[str, ...] = ("light", "dark")) -> None:
    """Build every available chart's spec once (a few hundred ms), e.g. in a start-up thread."""
    for chart in available(ds):
        for theme in themes:
            chart_spec(ds, chart.id, default_cut(ds), theme)
