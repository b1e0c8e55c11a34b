"""The charts' palette and the Vega-Lite config of each theme (everything that depends on the theme)."""

from __future__ import annotations

from typing import Any

from app.charts.width import by_width

# Okabe–Ito colours that keep at least 3:1 against both theme backgrounds (orange, sky blue and
# yellow do not on white, so they are left out; black is replaced by the theme's ink).
BLUE = "#0072B2"
VERMILLION = "#D55E00"
GREEN = "#009E73"
PURPLE = "#CC79A7"
GREY = "#8C8C8C"  # neutral marks ("all other domains"): 3.3:1 on white, 5:1 on the dark background
CYCLE = (BLUE, VERMILLION, GREEN, PURPLE)
SUBSET_COLOURS = {"laion2B-en": BLUE, "laion2B-multi": VERMILLION, "laion1B-nolang": GREEN}

THEMES: dict[str, dict[str, str]] = {
    # text colours pass WCAG AA (4.5:1) on their background: ink ~16:1, muted ~7:1
    "light": {"background": "#ffffff", "ink": "#1f1f1f", "muted": "#595959", "grid": "#e4e4e4",
              "domain": "#767676"},
    "dark": {"background": "#16191d", "ink": "#ececec", "muted": "#b8b8b8", "grid": "#30363d",
             "domain": "#8b949e"},
}


def theme_name(theme: str) -> str:
    """The theme a spec is drawn in: "dark", or "light" for anything else ("auto" is light on the server)."""
    return "dark" if theme == "dark" else "light"


def theme_config(theme: str = "light") -> dict[str, Any]:
    """Vega-Lite config for a theme: colours of text, axes, grid and the default marks."""
    c = THEMES[theme_name(theme)]
    text = {"labelColor": c["muted"], "titleColor": c["ink"], "labelFontSize": 12, "titleFontSize": 12}
    return {
        "background": c["background"],
        "view": {"stroke": None},
        "font": "system-ui, -apple-system, 'Segoe UI', Roboto, 'DejaVu Sans', sans-serif",
        "axis": {**text, "gridColor": c["grid"], "domainColor": c["domain"], "tickColor": c["domain"],
                 "titleFontWeight": "normal", "labelLimit": 180},
        # in a narrow box an x-axis title ends at the plot's right edge, so it may run left under
        # the y-axis labels instead of past the box
        "axisX": {"titleAnchor": by_width("end", "middle")},
        # about one tick label per 80 px (Vega's default, one per 40 px, runs 4-digit labels together)
        "axisXQuantitative": {"tickCount": {"expr": "max(2, floor(vw / 80))"}},
        "legend": {**text, "labelColor": c["ink"], "orient": "top", "titleFontWeight": "normal",
                   "symbolStrokeWidth": 2, "labelLimit": 220,
                   # top legends do not wrap: in a narrow box stack their entries instead of squeezing the plot
                   "columns": by_width(1, 0)},
        "title": {"color": c["ink"], "subtitleColor": c["muted"], "anchor": "start", "fontSize": 16,
                  "subtitleFontSize": 12, "subtitlePadding": 4, "offset": 12},
        "text": {"color": c["ink"], "fontSize": 12},
        "rule": {"color": c["ink"]},
        "mark": {"color": BLUE},
        "range": {"category": list(CYCLE)},
        "point": {"filled": True, "size": 70, "opacity": 1},
        "tick": {"color": c["ink"]},
        # named styles let marks take theme colours without the chart functions knowing the theme
        "style": {"ink": {"color": c["ink"], "fill": c["ink"], "stroke": c["ink"]},
                  "separator": {"stroke": c["background"]},
                  # the background laid over marks at 75%: marks under it read as faded (removed)
                  "shade": {"color": c["background"], "fill": c["background"], "fillOpacity": 0.75,
                            "strokeWidth": 0}},
    }
