"""Step 6, made to fit: the predicted aesthetic scores and the released subsets (chart "aesthetic")."""

from __future__ import annotations

import math
import re
from typing import Any

import altair as alt

from app.charts.common import BIG_LABEL, amount, bin_at, built_in, edge, pairs_title, short_amount, source_sentence
from app.charts.theme import BLUE, GREEN, GREY, PURPLE, VERMILLION
from app.charts.width import by_width, narrow_test
from app.core import format as fmt
from app.core.dataset import Dataset
from app.core.figures import hist_total
from app.core.threshold import sum_histograms
from precompute.contract.models import AESTHETIC_BIN_WIDTH, Histogram
from precompute.contract.reference import essay_figures, figure

# figure ids of the released subsets in essay_figures.csv; each id names its cut-off (aes_6_25plus: 6.25)
AESTHETIC_SUBSETS = ("aes_subset_5plus", "aes_6plus", "aes_6_25plus", "aes_6_5plus")
AES_BAR = 0.05  # width of a histogram bar: every released cut-off falls on a bar edge
LABEL_LINE = 14  # px between the cut-off labels of a narrow box


def cutoffs() -> list[tuple[str, float]]:
    """(figure id, score) of the released subsets that the reference table lists."""
    out = []
    for fid in AESTHETIC_SUBSETS:
        m = re.search(r"(\d+(?:_\d+)?)plus$", fid)
        if m and fid in essay_figures():
            out.append((fid, float(m.group(1).replace("_", "."))))
    return out


def english(ds: Dataset) -> tuple[str, list[str]]:
    """Which subsets count as 'English' for the aesthetic chart: laion2B-en, or every subset with scores."""
    with_data = [name for name, h in ds.aggregates.aesthetic.items() if sum(h.counts)]
    en = [n for n in with_data if n.endswith("-en")]
    if en:
        return en[0], en
    return "all subsets", with_data


def english_scores(ds: Dataset) -> Histogram:
    """The aesthetic histogram of the 'English' subsets, summed bin by bin."""
    _, names = english(ds)
    hists = [ds.aggregates.aesthetic[n] for n in names]
    if not hists:
        return Histogram(bin_width=AESTHETIC_BIN_WIDTH, lo=0, counts=[], null=0, invalid=0)
    return sum_histograms(hists)


def scored_at_least(ds: Dataset, cutoff: float) -> int:
    """Sample rows of the 'English' subsets with a predicted score of `cutoff` or more."""
    h = english_scores(ds)
    return hist_total(h, bin_at(h, cutoff))


def aesthetic_table(ds: Dataset, t: float) -> list[dict[str, Any]]:
    label, _ = english(ds)
    h = english_scores(ds)
    rows = []
    for fid, c in cutoffs():
        n = hist_total(h, bin_at(h, c))
        rows.append({"cutoff": c, "subset": label, "pairs": n, "pairs_estimate": n * ds.scale,
                     "published_pairs": int(figure(fid))})
    return rows


def aesthetic_build(ds: Dataset, t: float) -> alt.TopLevelMixin:
    h = english_scores(ds)
    per_bar = round(AES_BAR / h.bin_width)
    cuts = cutoffs()
    edges = [bin_at(h, c) for _, c in cuts]
    bands = [f"below {fmt.score(cuts[0][1])}" if cuts else "all"] + [f"{fmt.score(c)}+" for _, c in cuts]
    coarse: dict[int, int] = {}
    for i, c in enumerate(h.counts):
        if c:
            k = (h.lo + i) // per_bar * per_bar
            coarse[k] = coarse.get(k, 0) + c
    rows = []
    for k, c in sorted(coarse.items()):
        band = bands[sum(k >= e for e in edges)]
        rows.append({"score": edge(h, k), "score_end": edge(h, k + per_bar), "pairs_estimate": c * ds.scale,
                     "band": band})
    hi = edge(h, max(coarse) + per_bar) if coarse else 10
    lo = edge(h, min(coarse)) if coarse else 0
    dom = [math.floor(lo), math.ceil(hi)]
    xs = alt.Scale(domain=dom, nice=False)
    # flat labels (narrow boxes) in the right part of the axis sit left of their rule, not past the edge
    marks = [{"cutoff": r["cutoff"], "label": f"{fmt.score(r['cutoff'])}+: {short_amount(ds, r['pairs_estimate'])}",
              "i": i, "side": "right" if (r["cutoff"] - dom[0]) > 0.6 * (dom[1] - dom[0]) else "left"}
             for i, r in enumerate(aesthetic_table(ds, t))]
    bars = alt.Chart(alt.Data(values=rows)).mark_bar(binSpacing=0).encode(
        x=alt.X("score:Q", bin="binned", scale=xs, title="Predicted aesthetic score"), x2="score_end:Q",
        y=alt.Y("pairs_estimate:Q", title=pairs_title(ds, f"Pairs per {fmt.score(AES_BAR)}"),
                axis=alt.Axis(labelExpr=BIG_LABEL),
                scale=alt.Scale(domain=[0, max((r["pairs_estimate"] for r in rows), default=1) * 1.4])),
        color=alt.Color("band:N", title="Released subset", sort=bands,
                        scale=alt.Scale(domain=bands, range=[GREY, BLUE, GREEN, VERMILLION, PURPLE][: len(bands)]),
                        legend=alt.Legend(columns=by_width(2, 0))),  # short labels: two columns fit a phone
        tooltip=[alt.Tooltip("score:Q", title="Score from", format=".2f"),
                 alt.Tooltip("pairs_estimate:Q", title=pairs_title(ds), format=",.0f")],
    )
    cut = alt.Chart(alt.Data(values=marks))
    rules = cut.mark_rule(strokeDash=[4, 3]).encode(x=alt.X("cutoff:Q", scale=xs))
    # rotated along their rules; in a narrow box the rules sit too close for that, so the labels
    # lie flat right of their rules, one line each, in the headroom above the bars
    narrow = narrow_test()
    labels = cut.mark_text(angle=by_width(0, 270), align={"expr": f"{narrow} ? datum.side : 'right'"},
                           baseline=by_width("top", "bottom"),
                           dx={"expr": f"{narrow} ? (datum.side == 'left' ? 3 : -3) : -4"},
                           dy={"expr": f"{narrow} ? 2 + datum.i * {LABEL_LINE} : -3"},
                           fontSize=11).encode(x=alt.X("cutoff:Q", scale=xs), y=alt.value(0), text="label:N")
    return alt.layer(bars, rules, labels).properties(height=280)


def aesthetic_describe(ds: Dataset, t: float) -> str:
    rows = aesthetic_table(ds, t)
    label, _ = english(ds)
    parts = "; ".join(f"{fmt.score(r['cutoff'])} or more: {amount(ds, r['pairs_estimate'])} "
                      f"(published {fmt.compact(r['published_pairs'])})" for r in rows)
    return (f"Predicted aesthetic scores of the pairs in {label}, with the released subsets: {parts}."
            f"{source_sentence(ds)}{built_in(ds, 'these subset sizes were')}")
