"""The charts: one declarative Altair spec per figure of the story, built from the aggregates.

The package by role: theme (palette, Vega-Lite config), registry (the ChartDefs, availability,
thresholds, column labels), specs (building, caching and moving a spec to a threshold), credit (the
credit line), common (what the step modules share) and one module per story step holding that
step's charts, descriptions and tables (opening, sources, threshold, stack, divide, aesthetics,
safety, method). Counts are shown as full-dataset estimates (sample rows × `ds.scale`); nothing is
typed by hand: numbers come from the aggregates, the manifest or the cited tables in
precompute/contract/reference, and every number in a sentence is formatted by app.core.format.

This module only re-exports the public surface the other packages use.
"""

from app.charts.common import clean_label
from app.charts.credit import credit, credit_lines
from app.charts.registry import CHARTS, ChartDef, ChartUnavailable, available, check_t, column_label, get, missing
from app.charts.specs import VL_VERSION, chart_spec, table, warm
from app.charts.theme import theme_config

# TRANSITIONAL, until the web refactor imports them from app.core: app/web (pages, embeds,
# downloads) caches with charts.LRU and app/export/search.py imports subset_order from here
from app.core.cache import LRU
from app.core.figures import subset_order

__all__ = ["CHARTS", "LRU", "VL_VERSION", "ChartDef", "ChartUnavailable", "available", "chart_spec", "check_t",
           "clean_label", "column_label", "credit", "credit_lines", "get", "missing", "subset_order", "table",
           "theme_config", "warm"]
