"""Step 2, where the pairs come from: the named sites against the top registered domains (chart "sites")."""

from __future__ import annotations

from typing import Any

import altair as alt

from app.charts.common import amount, clean_label, pairs_title, source_sentence
from app.charts.theme import GREY, VERMILLION
from app.charts.width import by_width, narrow_test, room_for_labels
from app.core import format as fmt
from app.core.dataset import Dataset
from precompute.contract.models import OTHER_SITE

TOP_SOURCES = 12
NAMED_KIND = "named site"
OTHER_KIND = "other domain"
INVENTED_KIND = "invented domain (replica)"


def sites_table(ds: Dataset, t: float) -> list[dict[str, Any]]:
    agg = ds.aggregates
    total = agg.total_pairs or sum(s.rows for s in ds.subsets) or 1
    rows = [{"source": s.site, "kind": NAMED_KIND, "domain": s.domain, "pairs": s.pairs} for s in agg.sites]
    # domains already folded into a named site (pinimg.com is Pinterest) are not listed twice;
    # on the replica every other domain is invented (.test): never shown as if it were a LAION fact
    other = INVENTED_KIND if ds.synthetic else OTHER_KIND
    rows += [{"source": clean_label(d.domain), "kind": other, "domain": clean_label(d.domain), "pairs": d.pairs}
             for d in agg.domains.top if d.site == OTHER_SITE]
    rows.sort(key=lambda r: (-r["pairs"], r["source"]))
    out = []
    for rank, r in enumerate(rows[:TOP_SOURCES], start=1):
        share = r["pairs"] / total
        # 37.7 (the label "1 in 37.7"): rounded as the prose and the description round it (format.every)
        out.append({"rank": rank, **r, "pairs_estimate": r["pairs"] * ds.scale, "share": share,
                    "one_in": fmt.every_n(share) if share else None})
    return out


def sites_build(ds: Dataset, t: float) -> alt.TopLevelMixin:
    rows = sites_table(ds, t)
    top = max((r["share"] for r in rows), default=0.01) or 0.01
    room = room_for_labels(top, f"{narrow_test()} ? 36 : 84", 120, 1.3)  # the labels' px, the y labels'
    base = alt.Chart(alt.Data(values=rows)).encode(
        y=alt.Y("source:N", sort=[r["source"] for r in rows], title=None),
        x=alt.X("share:Q", title="Share of all pairs",
                scale=alt.Scale(domainMin=0, domainMax=room, nice=False),
                axis=alt.Axis(format="~%", tickCount=by_width(3, 4))),
        tooltip=[alt.Tooltip("source:N", title="Source"), alt.Tooltip("kind:N", title="Kind"),
                 alt.Tooltip("pairs_estimate:Q", title=pairs_title(ds), format=",.0f"),
                 alt.Tooltip("share:Q", title="Share of all pairs", format=".2%"),
                 alt.Tooltip("one_in:Q", title="One pair in every", format=",")],
    )
    bars = base.mark_bar(height={"band": 0.72}).encode(
        color=alt.Color("kind:N", title=None, scale=alt.Scale(
            domain=[NAMED_KIND, INVENTED_KIND if ds.synthetic else OTHER_KIND], range=[VERMILLION, GREY]),
            # the legend starts where the plot does, right of the domain names: shorter in a narrow box
            legend=alt.Legend(labelExpr=f"{narrow_test()} ? replace(datum.label, ' domain', '') : datum.label")))
    labels = base.mark_text(align="left", dx=4, fontSize=11).encode(text="label:N").transform_calculate(
        # in a narrow box the share alone (the "one in" figure is in the tooltip and the table)
        label=f"datum.kind == '{NAMED_KIND}' && !({narrow_test()}) "
              "? format(datum.share, '.1%') + ' · 1 in ' + format(datum.one_in, ',') : format(datum.share, '.1%')")
    return (bars + labels).properties(height=alt.Step(24))


def sites_describe(ds: Dataset, t: float) -> str:
    named = [s for s in ds.aggregates.sites if s.pairs]
    if not named:
        return "No pairs come from the named sites in this data."
    parts = [f"{s.site} {fmt.percent(s.share)} ({fmt.every(s.share)} pairs, {amount(ds, s.pairs * ds.scale)})"
             for s in named]
    together = sum(s.share for s in named)
    doms = ds.aggregates.domains.distinct_domains
    rest = f" out of {fmt.count(doms)} registered domains in the sample" if doms else ""
    invented = (" The other domains of the replica are invented (their names end in .test) and stand for "
                "no real website." if ds.synthetic else "")
    many = len(named) > 1
    return (f"{fmt.words(len(named)).capitalize()} site{'s' if many else ''} suppl{'y' if many else 'ies'} "
            f"{fmt.percent(together)} of all pairs{rest}: {'; '.join(parts)}."
            f"{invented}{source_sentence(ds)}")
