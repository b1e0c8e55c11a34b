"""Step 7, big is the new small: how many pairs each unsafe or watermark cut-off flags (chart "safety")."""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator
from typing import Any

import altair as alt

from app.charts.common import bin_at, data_note, fig, log_ticks, subset_scale
from app.charts.width import wrap_title
from app.core import format as fmt
from app.core.dataset import Dataset
from app.core.figures import hist_total, subset_order
from precompute.contract.models import Aggregates, Histogram

# (the histograms of a score, its name, the figure id of LAION's cut-off in essay_figures.csv)
SCORES: tuple[tuple[Callable[[Aggregates], dict[str, Histogram]], str, str], ...] = (
    (lambda a: a.punsafe, "unsafe", "unsafe_threshold"),
    (lambda a: a.pwatermark, "watermark", "watermark_threshold"),
)
CURVE_STEPS = 100  # the curves plot a cut-off every 1/100


def _scored(ds: Dataset, hists: dict[str, Histogram]) -> Iterator[tuple[str, Histogram, int]]:
    """(subset, histogram, pairs with a score) in subset order, for subsets with any score."""
    for name in subset_order(ds):
        h = hists.get(name)
        if h is not None and (total := sum(h.counts)):
            yield name, h, total


def _safety_curves(ds: Dataset) -> list[dict[str, Any]]:
    rows = []
    for scores, score, _ in SCORES:
        for name, h, total in _scored(ds, scores(ds.aggregates)):
            for c in range(CURVE_STEPS):
                cutoff = c / CURVE_STEPS
                rows.append({"score": score, "subset": name, "cutoff": cutoff,
                             "share": hist_total(h, bin_at(h, cutoff)) / total})
    return rows


def safety_table(ds: Dataset, t: float) -> list[dict[str, Any]]:
    rows = []
    for scores, score, fid in SCORES:
        cut = fig(fid)
        if cut is None:
            continue
        for name, h, total in _scored(ds, scores(ds.aggregates)):
            n = hist_total(h, bin_at(h, cut))
            short = name.split("-")[-1]
            rows.append({"score": score, "subset": name, "cutoff": cut, "flagged": n,
                         "flagged_estimate": n * ds.scale, "share_flagged": n / total,
                         "published_share": fig(f"{score}_share_{short}"), "unscored": h.null + h.invalid})
    return rows


def safety_build(ds: Dataset, t: float) -> alt.TopLevelMixin:
    rows = _safety_curves(ds)
    floor = min((r["share"] for r in rows if r["share"] > 0), default=0.001)
    ys = alt.Scale(type="log", domain=[max(10 ** math.floor(math.log10(floor)), 1e-5), 1], nice=False, clamp=True)
    xs = alt.Scale(domain=[0, 1], nice=False)
    # below the plot: beside the subset legend the two do not fit a phone
    score_dash = alt.StrokeDash("score:N", title=None, legend=alt.Legend(orient="bottom"),
                                scale=alt.Scale(domain=["unsafe", "watermark"], range=[[1, 0], [6, 3]]))
    lines = alt.Chart(alt.Data(values=rows)).transform_filter("datum.share > 0").mark_line(strokeWidth=2).encode(
        x=alt.X("cutoff:Q", scale=xs, title=wrap_title("Cut-off: pairs scoring at least this are flagged")),
        y=alt.Y("share:Q", scale=ys, title="Share of pairs flagged (log scale)",
                axis=alt.Axis(format="~%", values=log_ticks(*ys.domain))),
        color=alt.Color("subset:N", title=None, scale=subset_scale(ds)),
        strokeDash=score_dash, detail="score:N",
        tooltip=[alt.Tooltip("subset:N", title="Subset"), alt.Tooltip("score:N", title="Score"),
                 alt.Tooltip("cutoff:Q", title="Cut-off", format=".2f"),
                 alt.Tooltip("share:Q", title="Share flagged", format=".2%")],
    )
    points = alt.Chart(alt.Data(values=safety_table(ds, t))).mark_point(size=70, filled=True).encode(
        x=alt.X("cutoff:Q", scale=xs), y=alt.Y("share_flagged:Q", scale=ys),
        color=alt.Color("subset:N", scale=subset_scale(ds)), shape=alt.Shape("score:N", legend=None),
        tooltip=[alt.Tooltip("subset:N", title="Subset"), alt.Tooltip("score:N", title="Score"),
                 alt.Tooltip("cutoff:Q", title="LAION's cut-off"),
                 alt.Tooltip("share_flagged:Q", title="Share flagged", format=".2%"),
                 alt.Tooltip("published_share:Q", title="Published share", format=".1%")])
    cuts = [{"cutoff": cut, "label": f"LAION's {score} cut-off {fmt.score(cut)}"}
            for _, score, fid in SCORES if (cut := fig(fid)) is not None]
    cut = alt.Chart(alt.Data(values=cuts))
    rules = cut.mark_rule(strokeDash=[2, 3], opacity=0.7).encode(x=alt.X("cutoff:Q", scale=xs))
    labels = cut.mark_text(angle=270, align="right", baseline="bottom", dx=-4, dy=-3, fontSize=11).encode(
        x=alt.X("cutoff:Q", scale=xs), y=alt.value(0), text="label:N")
    return alt.layer(lines, rules, labels, points).properties(height=300)


def safety_describe(ds: Dataset, t: float) -> str:
    rows = safety_table(ds, t)
    parts = []
    for _, score, _fid in SCORES:
        if sel := [r for r in rows if r["score"] == score]:
            parts.append(f"{score} score {fmt.score(sel[0]['cutoff'])} or more flags "
                         + ", ".join(f"{fmt.percent(r['share_flagged'])} of {r['subset']}" for r in sel))
    return ("Share of pairs each cut-off would flag; at LAION's cut-offs, " + "; ".join(parts) + "." + data_note(ds)
            if parts else "No unsafe or watermark scores in this data.")
