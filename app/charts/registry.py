"""The chart registry: every chart of the story as a `ChartDef`, assembled from the step modules.

Live updates (the page's JavaScript relies on these names):
- live == "param": the spec declares a top-level param named `t`; `view.signal("t", t)` moves the
  shading of bars below t and the rule at t.
- live in ("subsets", "sites", "languages"): the spec reads a named inline dataset "live" whose rows
  are exactly `ds.threshold(t)[live]`; `view.data("live", rows)` with the rows from the JS port of
  the threshold arithmetic redraws it. Everything else is derived in Vega-Lite transforms.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

import altair as alt

from app.charts import aesthetics, divide, method, opening, safety, sources, stack, threshold
from app.core import format as fmt
from app.core.dataset import Dataset
from app.core.threshold import MAX_D, Cut
from precompute.contract.models import BIN_WIDTH

STEPS = ("opening", "sources", "threshold", "stack", "divide", "aesthetics", "safety", "method")


@dataclass(frozen=True)
class ChartDef:
    id: str  # url-safe, e.g. "similarity"
    title: str
    step: str  # story step id: opening, sources, threshold, stack, divide, aesthetics, safety, method
    build: Callable[[Dataset, Cut], alt.TopLevelMixin]  # (dataset, cut) -> Altair chart
    describe: Callable[[Dataset, Cut], str]  # one-sentence text description with numbers (alt text)
    table: Callable[[Dataset, Cut], list[dict]]  # the data behind the chart (CSV and screen-reader table)
    live: str | None = None  # None | "param" | "subsets" | "sites" | "languages"
    needs: tuple[str, ...] = ()  # canonical columns required; the chart is unavailable without them
    # what the data must hold beyond columns (a Luxembourgish label, two languages): without it the chart
    # would draw nothing true, so it is unavailable as when a column is missing
    shows: Callable[[Dataset], str | None] | None = None  # None when it can be drawn, else what is lacking
    # the description as parts whose numbers follow the slider (charts/common.py live()); None: it has none
    describe_live: Callable[[Dataset, Cut], list[str | dict]] | None = None


_DEFS = (
    ChartDef("subsets", "The subsets and their sizes", "opening", opening.subsets_build, opening.subsets_describe,
             opening.subsets_table),
    ChartDef("sites", "Where the pairs come from", "sources", sources.sites_build, sources.sites_describe,
             sources.sites_table, needs=("url",)),
    ChartDef("similarity", "CLIP similarity of every pair, by subset", "threshold", threshold.similarity_build,
             threshold.similarity_describe, threshold.similarity_table, live="param", needs=("similarity",),
             describe_live=threshold.similarity_describe_live),
    ChartDef("removed", "Pairs kept and removed at the threshold", "threshold", threshold.removed_build,
             threshold.removed_describe, threshold.removed_table, live="subsets", needs=("similarity",),
             describe_live=threshold.removed_describe_live),
    ChartDef("site_mix", "Site mix of the pairs that remain", "threshold", threshold.site_mix_build,
             threshold.site_mix_describe, threshold.site_mix_table, live="sites", needs=("similarity", "url"),
             describe_live=threshold.site_mix_describe_live),
    ChartDef("stack", "Models all the way down", "stack", stack.stack_build, stack.stack_describe, stack.stack_table),
    ChartDef("languages", "Captions per speaker, by language", "divide", divide.languages_build,
             divide.languages_describe, divide.languages_table, needs=("language",), shows=divide.languages_lack),
    ChartDef("language_mix", "Language mix of the pairs that remain", "divide", divide.language_mix_build,
             divide.language_mix_describe, divide.language_mix_table, live="languages",
             needs=("language", "similarity"), shows=divide.language_mix_lack,
             describe_live=divide.language_mix_describe_live),
    ChartDef("luxembourgish", "The Luxembourgish anomaly", "divide", divide.luxembourgish_build,
             divide.luxembourgish_describe, divide.luxembourgish_table, needs=("language",),
             shows=divide.luxembourgish_lack),
    ChartDef("language_check", "Do two detectors agree with the label?", "divide", divide.language_check_build,
             divide.language_check_describe, divide.language_check_table, needs=("language",),
             shows=divide.language_check_lack),
    ChartDef("aesthetic", "Predicted aesthetic scores and the released subsets", "aesthetics",
             aesthetics.aesthetic_build, aesthetics.aesthetic_describe, aesthetics.aesthetic_table,
             needs=("aesthetic",)),
    ChartDef("safety", "How many pairs each unsafe or watermark cut-off flags", "safety", safety.safety_build,
             safety.safety_describe, safety.safety_table, needs=("punsafe", "pwatermark")),
    ChartDef("method", "Rows read per input file", "method", method.method_build, method.method_describe,
             method.method_table),
)
CHARTS: dict[str, ChartDef] = {c.id: c for c in _DEFS}

COLUMN_LABELS = {
    "pairs": "Pairs (sample rows)", "pairs_estimate": "Pairs (estimate)", "sample_rows": "Sample rows",
    "published_pairs": "Published pairs", "published_threshold": "Published threshold", "share": "Share",
    "share_all": "Share of all pairs", "share_kept": "Share of pairs kept", "kept": "Kept (sample rows)",
    "removed": "Removed (sample rows)", "kept_estimate": "Kept (estimate)", "removed_estimate": "Removed (estimate)",
    "removed_share": "Share removed", "one_in": "One pair in every", "captions_per_speaker": "Captions per speaker",
    "flagged": "Flagged (sample rows)", "flagged_estimate": "Flagged (estimate)", "share_flagged": "Share flagged",
    "published_share": "Published share", "t": "Threshold", "cut": "Cut at", "similarity": "Similarity from",
    "similarity_end": "Similarity to", "bin": f"Bin ({fmt.score(BIN_WIDTH)})",
}


def column_label(key: str) -> str:
    """A readable header for a table column (screen-reader tables)."""
    return COLUMN_LABELS.get(key) or key.replace("_", " ").capitalize()


class ChartUnavailable(LookupError):
    """The chart needs a column this dataset does not have."""


def missing(ds: Dataset, chart: ChartDef) -> list[str]:
    """The columns (or the contents) a chart needs that the dataset lacks (empty: the chart is available)."""
    lacks = [c for c in chart.needs if not ds.has(c)]
    if not lacks and chart.shows is not None and (what := chart.shows(ds)):
        lacks.append(what)
    return lacks


def available(ds: Dataset) -> list[ChartDef]:
    """The charts this dataset can draw, in story order."""
    return [c for c in CHARTS.values() if not missing(ds, c)]


def get(ds: Dataset, chart_id: str) -> ChartDef:
    """A chart by id: KeyError when unknown, ChartUnavailable when its columns are missing."""
    chart = CHARTS[chart_id]
    if m := missing(ds, chart):
        raise ChartUnavailable(f"chart {chart_id!r} needs {', '.join(m)}, which this data lacks")
    return chart


def check_t(t: float | Cut) -> Cut:
    """A cut: a threshold in [0, 1] or an offset in [0, MAX_D] (ValueError otherwise), on the threshold grid."""
    if isinstance(t, Cut):
        value, top = t.value, (MAX_D if t.offset else 1)
    else:
        value, top = t, 1
    if not isinstance(value, int | float) or not math.isfinite(value) or not 0 <= value <= top:
        raise ValueError(f"threshold must be a number between 0 and {top}, not {value!r}")
    return t if isinstance(t, Cut) else Cut(t=t)
