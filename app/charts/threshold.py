"""Step 3, the threshold: the similarity histograms (chart "similarity", live param t), the pairs kept and
removed per subset (chart "removed", live rows "subsets") and the site mix of what remains ("site_mix",
live rows "sites")."""

from __future__ import annotations

import math
from typing import Any

import altair as alt

from app.charts.common import (
    BIG_LABEL,
    Parts,
    amount,
    approx_prefix,
    bin_at,
    built_in,
    data_note,
    edge,
    live,
    live_amount,
    live_cut,
    mix_domain,
    pairs_title,
    plain_parts,
    published_rules,
    short_amount,
    source_sentence,
    subset_scale,
    t_params,
)
from app.charts.theme import BLUE, GREY, VERMILLION
from app.charts.width import by_width
from app.core import format as fmt
from app.core.dataset import Dataset
from app.core.figures import hist_total, lowest_similarity, subset_order
from app.core.threshold import BINS_PER_UNIT, MAX_T, Cut
from precompute.contract.models import BIN_WIDTH, OTHER_SITE

PUB_LABEL_ROOM = 0.02  # similarity left of the lowest published threshold, where its rotated label sits

# ---------------------------------------------------------------------------------------------
# similarity: the histograms with the published thresholds and the live t


def similarity_table(ds: Dataset, t: Cut) -> list[dict[str, Any]]:
    rows = []
    hists = ds.aggregates.similarity.subsets
    for name in (n for n in subset_order(ds) if n in hists):
        h = hists[name]
        for i, c in enumerate(h.counts):
            if c:
                k = h.lo + i
                rows.append({"subset": name, "bin": k, "similarity": edge(h, k), "similarity_end": edge(h, k + 1),
                             "pairs": c, "pairs_estimate": c * ds.scale})
    return rows


def _similarity_domain(ds: Dataset) -> list[float]:
    tops = [edge(h, h.lo + len(h.counts)) for h in ds.aggregates.similarity.subsets.values() if h.counts]
    top = max(tops, default=MAX_T)
    # the tail above MAX_T is a sliver: keep some room past it so the reader sees where it ends
    hi = math.ceil(max(top, MAX_T) * 100 + 1) / 100
    lo = math.floor(lowest_similarity(ds) * 100) / 100
    # a published threshold at the lowest score (LAION-400M keeps nothing under its 0.3) would put its
    # rule on the y axis, its rotated label over the tick labels: leave it room on the left
    pubs = [r["threshold"] for r in published_rules(ds)]
    if pubs and min(pubs) - lo < PUB_LABEL_ROOM:
        lo = math.floor((min(pubs) - PUB_LABEL_ROOM) * 100 + 1e-9) / 100
    return [lo, hi]


def _pairs_above_max_t(ds: Dataset) -> int:
    return sum(hist_total(h, bin_at(h, MAX_T)) for h in ds.aggregates.similarity.subsets.values())


def similarity_build(ds: Dataset, t: Cut) -> alt.TopLevelMixin:
    rows = similarity_table(ds, t)
    order = subset_order(ds)
    peak: dict[int, int] = {}
    for r in rows:
        r["subset_order"] = order.index(r["subset"])
        peak[r["bin"]] = peak.get(r["bin"], 0) + r["pairs_estimate"]
    height = 300
    domain = _similarity_domain(ds)
    x = alt.X("similarity:Q", bin="binned", title="CLIP similarity of image and caption",
              scale=alt.Scale(domain=domain, nice=False, clamp=True), axis=alt.Axis(format=".2f"))
    bars = alt.Chart(alt.Data(values=rows)).mark_bar(binSpacing=0).encode(
        x=x, x2="similarity_end:Q",
        # headroom above the peak keeps the rotated rule labels off the bars
        y=alt.Y("pairs_estimate:Q", stack="zero", title=pairs_title(ds, f"Pairs per {fmt.score(BIN_WIDTH)}"),
                scale=alt.Scale(domain=[0, max(peak.values(), default=1) * 1.35]),
                axis=alt.Axis(labelExpr=BIG_LABEL, tickCount=5)),
        color=alt.Color("subset:N", title=None, scale=subset_scale(ds)),
        order=alt.Order("subset_order:Q"),
        tooltip=[alt.Tooltip("subset:N", title="Subset"),
                 alt.Tooltip("similarity:Q", title="Similarity from", format=".3f"),
                 alt.Tooltip("pairs_estimate:Q", title=pairs_title(ds), format=",.0f")],
    )
    pub = alt.Chart(alt.Data(values=published_rules(ds)))
    pub_rules = pub.mark_rule(strokeDash=[4, 3], opacity=0.8).encode(x="threshold:Q")
    pub_labels = pub.mark_text(angle=270, align="right", baseline="bottom", dx=-4, dy=-3, fontSize=11).encode(
        x="threshold:Q", y=alt.value(0), text="label:N")
    # the absolute mode labels t; the offset mode (d >= 0) the offset, with a rule at each raised cut
    one = alt.Chart(alt.Data(values=[{"rule": "t"}])).transform_calculate(
        x="t", label="d >= 0 ? 'published +' + format(d, '.3f') : 't = ' + format(t, '.3f')")
    # One rect from the axis minimum up to t (on the threshold grid) fades the bars below t. A per-bar
    # condition on t would re-encode ~1000 bars per slider step, which Vega's CSP-safe expression
    # interpreter makes too slow; this re-encodes one item. The page makes it non-interactive
    # (vega-embed patch on the "shade" style) so the bars under it keep their tooltips.
    # In the offset mode (d >= 0) nothing below a published threshold is removed: the one rect has no width
    # and a band from each published threshold up to its raised cut fades what the offset removes instead.
    shade = one.transform_calculate(
        lo=str(domain[0]), hi=f"d >= 0 ? {domain[0]} : round(t * {BINS_PER_UNIT}) / {BINS_PER_UNIT}").mark_rect(
        style="shade", aria=False).encode(x="lo:Q", x2="hi:Q")
    bands = pub.transform_calculate(x2="datum.threshold + max(d, 0)").mark_rect(style="shade", aria=False).encode(
        x="threshold:Q", x2="x2:Q")
    t_rule = one.mark_rule(strokeWidth=2).encode(x="x:Q")
    # t beside its rule; the offset (one rule per subset, beside the published labels) in the top right corner
    t_label = one.transform_filter("d < 0").mark_text(align="left", baseline="top", dx=5, fontWeight="bold").encode(
        x="x:Q", y=alt.value(4), text="label:N")
    d_label = one.transform_filter("d >= 0").mark_text(align="right", baseline="top", dx=-4,
                                                       fontWeight="bold").encode(
        x=alt.value("width"), y=alt.value(4), text="label:N")
    raised = pub.transform_filter("d >= 0").transform_calculate(x="datum.threshold + d").mark_rule(
        strokeWidth=2).encode(x="x:Q")
    layers = [bars, shade, bands, pub_rules, pub_labels, t_rule, t_label, d_label, raised]
    if above := _pairs_above_max_t(ds):
        one = above * ds.scale == 1
        text = f"{short_amount(ds, above * ds.scale)} pair{'' if one else 's'} ≥ {fmt.score(MAX_T)} →"
        layers.append(alt.Chart(alt.Data(values=[{"x": MAX_T, "label": text}])).mark_text(
            align="right", baseline="bottom", dy=-6, fontSize=11).encode(
            x="x:Q", y=alt.value("height"), text="label:N"))  # "height": the bottom at any size (slides fill)
    return alt.layer(*layers).add_params(*t_params(ds, t)).properties(height=height)


def similarity_describe_live(ds: Dataset, t: Cut) -> Parts:
    st = ds.threshold(t)
    near = ds.near_threshold
    pubs = "; ".join(r["label"].removeprefix("published ") for r in published_rules(ds))
    above = _pairs_above_max_t(ds)
    # without a published threshold there is no crowd above one to speak of
    crowd = (f"crowd just above the published thresholds ({pubs}): {fmt.percent(near['share'])} lie within "
             f"{fmt.score(near['width'])} of their subset's threshold" if pubs else
             "come with no published threshold")
    top = ("none scores" if not above else "only one scores" if above * ds.scale == 1 else
           f"only {amount(ds, above * ds.scale)} score")
    return [f"Similarity scores of {amount(ds, st['rows'] * ds.scale)} pairs {crowd} "
            f"and {top} {fmt.score(MAX_T)} or more; ",
            live_cut(st), " would remove ", live_amount(ds, "removed", st["removed"]), " pairs (",
            live(fmt.percent(st["removed_share"]), "removed_share", "percent", st["removed_share"]),
            f").{source_sentence(ds)}"]


def similarity_describe(ds: Dataset, t: Cut) -> str:
    return plain_parts(similarity_describe_live(ds, t))


# ---------------------------------------------------------------------------------------------
# removed (live): kept and removed per subset


def _in_subset_order(ds: Dataset, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    order = subset_order(ds)
    return sorted(rows, key=lambda r: order.index(r["name"]) if r["name"] in order else len(order))


def removed_table(ds: Dataset, t: Cut) -> list[dict[str, Any]]:
    st = ds.threshold(t)
    return [{"subset": s["name"], "cut": s["cut"], "kept": s["kept"], "removed": s["removed"],
             "kept_estimate": s["kept"] * ds.scale, "removed_estimate": s["removed"] * ds.scale,
             "removed_share": s["removed_share"]} for s in _in_subset_order(ds, st["subsets"])]


def removed_build(ds: Dataset, t: Cut) -> alt.TopLevelMixin:
    rows = ds.threshold(t)["subsets"]  # exactly the rows the page's JS sends to view.data("live", ...)
    top = max((r["rows"] for r in rows), default=1) * ds.scale or 1
    live = alt.InlineData(values=rows, name="live")
    y = alt.Y("name:N", sort=subset_order(ds), title=None, axis=None)
    bars = alt.Chart(live).transform_fold(["kept", "removed"], as_=["status", "n"]).transform_calculate(
        estimate=f"datum.n * {ds.scale}", order="datum.status == 'kept' ? 0 : 1").mark_bar(height=22).encode(
        y=y, x=alt.X("estimate:Q", stack="zero", title=pairs_title(ds),
                     scale=alt.Scale(domain=[0, top], nice=False), axis=alt.Axis(labelExpr=BIG_LABEL, tickCount=4)),
        color=alt.Color("status:N", title=None, scale=alt.Scale(domain=["kept", "removed"], range=[BLUE, VERMILLION])),
        order=alt.Order("order:Q"),
        tooltip=[alt.Tooltip("name:N", title="Subset"), alt.Tooltip("status:N", title="Status"),
                 alt.Tooltip("estimate:Q", title=pairs_title(ds), format=",.0f")],
    )
    labels = alt.Chart(live).transform_calculate(
        label=f"datum.name + ': ' + {approx_prefix(ds)}replace(format(datum.removed * {ds.scale}, '.3~s'), 'G', 'B') "
              "+ ' removed (' + format(datum.removed_share, '.1%') + ')'").mark_text(
        align="left", baseline="bottom", dy=-13, fontSize=12).encode(y=y, x=alt.value(0), text="label:N")
    return (bars + labels).properties(height=alt.Step(58))


def removed_describe_live(ds: Dataset, t: Cut) -> Parts:
    st = ds.threshold(t)
    by: Parts = []
    for i, s in enumerate(_in_subset_order(ds, st["subsets"])):
        name = s["name"]
        by += ["; " if i else "", f"{name} ", live_amount(ds, f"removed.{name}", s["removed"]), " (",
               live(fmt.percent(s["removed_share"]), f"removed_share.{name}", "percent", s["removed_share"]), ")"]
    return ["At ", live_cut(st), ", ", live_amount(ds, "removed", st["removed"]), " pairs (",
            live(fmt.percent(st["removed_share"]), "removed_share", "percent", st["removed_share"]),
            ") that the published thresholds let in would be removed and ", live_amount(ds, "kept", st["kept"]),
            " kept: ", *by, f".{source_sentence(ds)}"]


def removed_describe(ds: Dataset, t: Cut) -> str:
    return plain_parts(removed_describe_live(ds, t))


# ---------------------------------------------------------------------------------------------
# site_mix (live): the named sites' share of what remains


def site_mix_table(ds: Dataset, t: Cut) -> list[dict[str, Any]]:
    st = ds.threshold(t)
    return [{"site": r["site"], "cut": fmt.cut(st["t"], st["d"]), "pairs": r["pairs"], "kept": r["kept"],
             "share_all": r["share_all"], "share_kept": r["share_kept"]} for r in st["sites"]]


def site_mix_build(ds: Dataset, t: Cut) -> alt.TopLevelMixin:
    rows = ds.threshold(t)["sites"]
    live = alt.InlineData(values=rows, name="live")
    measures = ["all pairs", "kept at t"]
    base = alt.Chart(live).transform_filter(f"datum.site != '{OTHER_SITE}'").transform_fold(
        ["share_all", "share_kept"], as_=["measure_key", "share"]).transform_calculate(
        measure="datum.measure_key == 'share_all' ? 'all pairs' : 'kept at t'").encode(
        y=alt.Y("site:N", title=None, sort=None),
        yOffset=alt.YOffset("measure:N", sort=measures),
        x=alt.X("share:Q", title="Share of pairs", scale=alt.Scale(domain=mix_domain(ds, "sites", False), nice=False),
                axis=alt.Axis(format="~%", tickCount=by_width(2, 4))),
        tooltip=[alt.Tooltip("site:N", title="Site"), alt.Tooltip("measure:N", title="Among"),
                 alt.Tooltip("share:Q", title="Share", format=".2%")],
    )
    bars = base.mark_bar().encode(
        color=alt.Color("measure:N", title=None, scale=alt.Scale(domain=measures, range=[GREY, BLUE])))
    labels = base.mark_text(align="left", dx=3, fontSize=11).encode(text=alt.Text("share:Q", format=".2%"))
    return (bars + labels).properties(height=alt.Step(22))


SLIDEPLAYER_BIAS = "SlidePlayer scoring higher than other sites (so its share grows as the cut rises) was"


def site_mix_describe_live(ds: Dataset, t: Cut) -> Parts:
    st = ds.threshold(t)
    # two decimals: a threshold moves these shares by tenths of a percent
    by: Parts = []
    for r in (r for r in st["sites"] if r["site"] != OTHER_SITE):
        by += ["; " if by else "", f"{r['site']} {fmt.percent(r['share_all'], 2)} → ",
               live(fmt.percent(r["share_kept"], 2), f"site_share.{r['site']}", "percent2", r["share_kept"])]
    return ["Share of pairs from each named site among all pairs and among those kept at ", live_cut(st), ": ",
            *(by or ["no named sites in this data"]),
            f".{data_note(ds)}{built_in(ds, SLIDEPLAYER_BIAS)}"]


def site_mix_describe(ds: Dataset, t: Cut) -> str:
    return plain_parts(site_mix_describe_live(ds, t))
