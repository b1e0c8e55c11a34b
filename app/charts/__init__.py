"""The chart registry: one function per chart, each a declarative Altair spec built from the aggregates.

Every chart is a `ChartDef` in `CHARTS`. `chart_spec(ds, id, t, theme)` gives the Vega-Lite dict the
story, the embeds and the downloads all use, so they can never disagree.

Live updates (the page's JavaScript relies on these names):
- live == "param": the spec declares a top-level param named `t`; `view.signal("t", t)` moves the
  shading of bars below t and the rule at t.
- live in ("subsets", "sites", "languages"): the spec reads a named inline dataset "live" whose rows
  are exactly `ds.threshold(t)[live]`; `view.data("live", rows)` with the rows from the JS port of
  the threshold arithmetic redraws it. Everything else is derived in Vega-Lite transforms.

Counts are shown as full-dataset estimates (sample rows × `ds.scale`). Nothing here is typed by
hand: numbers come from the aggregates, the manifest or the cited tables in precompute/reference.
"""

from __future__ import annotations

import copy
import json
import math
import re
import threading
import unicodedata
from collections import OrderedDict
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from pathlib import PurePath
from typing import Any

import altair as alt

from app.core.dataset import Dataset
from app.core.figures import default_t, language_pairs, lowest_similarity, subset_order
from app.core.languages import language_name
from app.core.threshold import MAX_T, bin_of, sum_histograms
from precompute.contract.reference import essay_figures, figure, speakers

# ---------------------------------------------------------------------------------------------
# Palette and themes

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
THEME_NAMES = ("light", "dark", "auto")  # "auto" is the light theme on the server; the page picks in CSS/JS

BIG_LABEL = "replace(format(datum.value, '~s'), 'G', 'B')"  # 2.3G -> 2.3B for axis labels
STEPS = ("opening", "sources", "threshold", "stack", "divide", "aesthetics", "safety", "method")

ESSAY_TITLE = "Models All The Way Down"
ESSAY_SOURCE = "Knowing Machines"

# figure ids in precompute/reference/essay_figures.csv
PUBLISHED_SIZE = {"laion2B-en": "en_pairs", "laion2B-multi": "multi_pairs", "laion1B-nolang": "nolang_pairs"}
AESTHETIC_SUBSETS = ("aes_subset_5plus", "aes_6plus", "aes_6_25plus", "aes_6_5plus")
NAMED_LANGUAGES = ("en", "ru", "fr", "de", "sw", "nl", "is", "lb")  # the essay's examples


def theme_config(theme: str = "light") -> dict[str, Any]:
    """Vega-Lite config for a theme: colours of text, axes, grid and the default marks."""
    c = THEMES["dark" if theme == "dark" else "light"]
    text = {"labelColor": c["muted"], "titleColor": c["ink"], "labelFontSize": 12, "titleFontSize": 12}
    return {
        "background": c["background"],
        "view": {"stroke": None},
        "font": "system-ui, -apple-system, 'Segoe UI', Roboto, 'DejaVu Sans', sans-serif",
        "axis": {**text, "gridColor": c["grid"], "domainColor": c["domain"], "tickColor": c["domain"],
                 "titleFontWeight": "normal", "labelLimit": 180},
        "legend": {**text, "labelColor": c["ink"], "orient": "top", "titleFontWeight": "normal",
                   "symbolStrokeWidth": 2, "labelLimit": 220,
                   # top legends do not wrap: on phones put them in two columns instead of squeezing the plot
                   "columns": {"expr": "containerSize()[0] > 0 && containerSize()[0] < 480 ? 2 : 0"}},
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


# ---------------------------------------------------------------------------------------------
# Small helpers


def _grid(t: float) -> tuple[int, float]:
    """A threshold on the 0.001 grid the arithmetic uses: (bin index, value)."""
    k = bin_of(t)
    return k, k / 1000


def _approx(ds: Dataset) -> bool:
    return ds.scale > 1


def _pairs_title(ds: Dataset, what: str = "Pairs") -> str:
    if ds.synthetic:
        return f"{what} (estimate, synthetic replica)"
    return f"{what} (estimate)" if _approx(ds) else what


def _source_sentence(ds: Dataset) -> str:
    if ds.synthetic:
        return (f" Counts are full-dataset estimates from the synthetic replica "
                f"(one sample row stands for {ds.scale:,} pairs).")
    if _approx(ds):
        return f" Counts are full-dataset estimates (one sample row stands for {ds.scale:,} pairs)."
    return ""


def _data_note(ds: Dataset) -> str:
    """For descriptions with shares but no counts: say where the shares come from."""
    return " Shares are estimates from the synthetic replica." if ds.synthetic else ""


def count_text(n: float, approx: bool = True) -> str:
    """A count for prose: 'about 2.32 billion' for estimates, '2,322,161,808' for exact counts."""
    if not approx:
        return f"{round(n):,}"
    for size, word in ((1e9, "billion"), (1e6, "million")):
        if abs(n) >= size:
            return f"about {n / size:.3g} {word}"
    return f"about {_sig(n):,.0f}" if abs(n) >= 1000 else f"about {round(n):,}"


def _sig(n: float, digits: int = 3) -> float:
    """n rounded to `digits` significant digits."""
    if n == 0 or not math.isfinite(n):
        return n
    return round(n, digits - 1 - int(math.floor(math.log10(abs(n)))))


def sig_text(n: float, digits: int = 2) -> str:
    """'120', '1.6', '0.029', '58,000': n to `digits` significant digits, thousands separated."""
    r = _sig(n, digits)
    return f"{r:,.0f}" if abs(r) >= 10 ** (digits - 1) else f"{r:.{digits}g}"


def pct_text(x: float) -> str:
    """A share for prose, with enough digits that small shares do not read as 0%."""
    if x == 0:
        return "0%"
    p = x * 100
    if abs(p) >= 10:
        return f"{p:.1f}%"
    if abs(p) >= 0.1:
        return f"{p:.2g}%" if abs(p) < 1 else f"{p:.1f}%"
    return f"{p:.2g}%"


def one_in(x: float) -> str:
    """'1 in 40' for a share (the essay's way of saying how common something is)."""
    return f"1 in {sig_text(1 / x)}" if x > 0 else "none"


def clean_label(s: object, limit: int = 60) -> str:
    """Untrusted text (domains) as a plain label: no control characters, bounded length.

    Vega escapes text in SVG and its tooltips, and the CSV writer escapes formulas; this only
    keeps odd bytes and very long names from breaking the layout.
    """
    text = "".join(ch if unicodedata.category(ch)[0] != "C" else " " for ch in str(s))
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _subset_scale(ds: Dataset) -> alt.Scale:
    names = subset_order(ds)
    spare = iter(c for c in CYCLE if c not in {SUBSET_COLOURS.get(n) for n in names})
    colours = [SUBSET_COLOURS.get(n) or next(spare, GREY) for n in names]
    return alt.Scale(domain=names, range=colours)


def log_ticks(lo: float, hi: float) -> list[float]:
    """Tick values for a log axis: 1-2-5 steps over short ranges, powers of ten over long ones."""
    decades = math.log10(hi / lo) if lo > 0 and hi > lo else 0
    steps = (1, 2, 5) if decades <= 3 else (1,)
    out = []
    for e in range(math.floor(math.log10(lo)) if lo > 0 else 0, math.ceil(math.log10(hi)) + 1 if hi > 0 else 1):
        out += [m * 10.0 ** e for m in steps if lo <= m * 10.0 ** e <= hi]
    return [float(f"{v:.6g}") for v in out]


def _fig(fid: str) -> float | None:
    return figure(fid) if fid in essay_figures() else None


def _t_param(t: float) -> alt.Parameter:
    return alt.param(name="t", value=_grid(t)[1])


def _hist_total(h: dict[str, Any], from_bin: int = 0) -> int:
    """Pairs of a dense histogram in bins >= from_bin."""
    start = max(from_bin - h["lo"], 0)
    return sum(h["counts"][start:])


def _t_grid(ds: Dataset, step: float = 0.005) -> list[float]:
    """Thresholds across the slider's range, for axis domains that must not jump while it moves."""
    lo = lowest_similarity(ds)
    n = max(int((MAX_T - lo) / step), 0)
    return [lo + i * step for i in range(n + 1)] + [MAX_T]


def _english(ds: Dataset, hists: dict[str, dict[str, Any]]) -> tuple[str, list[str]]:
    """Which subset counts as 'English' for the aesthetic chart: laion2B-en, or every subset with data."""
    with_data = [name for name, h in hists.items() if sum(h["counts"])]
    en = [n for n in with_data if n.endswith("-en")]
    if en:
        return en[0], en
    return "all subsets", with_data


# ---------------------------------------------------------------------------------------------
# opening: the three subsets


def _subsets_table(ds: Dataset, t: float) -> list[dict[str, Any]]:
    rows = []
    by_name = {s["name"]: s for s in ds.subsets}
    for s in (by_name[n] for n in subset_order(ds)):
        fid = PUBLISHED_SIZE.get(s["name"])
        pub = _fig(fid) if fid else None
        rows.append({"subset": s["name"], "sample_rows": s["rows"], "pairs_estimate": s["rows"] * ds.scale,
                     "published_pairs": int(pub) if pub is not None else None,
                     "published_threshold": s.get("published_threshold")})
    return rows


def _subsets_build(ds: Dataset, t: float) -> alt.TopLevelMixin:
    rows = _subsets_table(ds, t)
    top = max((r["pairs_estimate"] for r in rows), default=1) or 1
    base = alt.Chart(alt.Data(values=rows)).encode(
        y=alt.Y("subset:N", sort=None, title=None, axis=alt.Axis(labelFontSize=13)),
        x=alt.X("pairs_estimate:Q", title=_pairs_title(ds), scale=alt.Scale(domain=[0, top * 1.22], nice=False),
                axis=alt.Axis(labelExpr=BIG_LABEL, tickCount=4)),
        tooltip=[alt.Tooltip("subset:N", title="Subset"),
                 alt.Tooltip("pairs_estimate:Q", title=_pairs_title(ds), format=",.0f"),
                 alt.Tooltip("published_pairs:Q", title="Published figure", format=",.0f"),
                 alt.Tooltip("published_threshold:Q", title="Published threshold")],
    )
    bars = base.mark_bar(height={"band": 0.7}).encode(color=alt.Color("subset:N", scale=_subset_scale(ds), legend=None))
    labels = base.mark_text(align="left", dx=4).encode(text=alt.Text("label:N")).transform_calculate(
        label=("'≈' + " if _approx(ds) else "") + "replace(format(datum.pairs_estimate, '.3~s'), 'G', 'B')")
    return (bars + labels).properties(height=alt.Step(48))


def _subsets_describe(ds: Dataset, t: float) -> str:
    rows = _subsets_table(ds, t)
    total = sum(r["pairs_estimate"] for r in rows)
    parts = "; ".join(f"{r['subset']} {count_text(r['pairs_estimate'], _approx(ds))}" for r in rows)
    return (f"{ds.manifest.get('dataset') or 'The dataset'} holds {count_text(total, _approx(ds))} image–text pairs "
            f"in {len(rows)} subset{'s' if len(rows) != 1 else ''}: {parts}.{_source_sentence(ds)}")


# ---------------------------------------------------------------------------------------------
# sources: named sites against the top registered domains

TOP_SOURCES = 12
INVENTED_KIND = "invented domain (replica)"


def _sites_table(ds: Dataset, t: float) -> list[dict[str, Any]]:
    total = ds.agg.get("total_pairs") or sum(s["rows"] for s in ds.subsets) or 1
    rows = [{"source": s["site"], "kind": "named site", "domain": s["domain"], "pairs": s["pairs"]}
            for s in ds.agg.get("sites", [])]
    # domains already folded into a named site (pinimg.com is Pinterest) are not listed twice
    # on the replica every other domain is invented (.test): never shown as if it were a LAION fact
    other = INVENTED_KIND if ds.synthetic else "other domain"
    rows += [{"source": clean_label(d["domain"]), "kind": other, "domain": clean_label(d["domain"]),
              "pairs": d["pairs"]}
             for d in ds.agg.get("domains", {}).get("top", []) if d.get("site") in (None, "(other)")]
    rows.sort(key=lambda r: (-r["pairs"], r["source"]))
    out = []
    for rank, r in enumerate(rows[:TOP_SOURCES], start=1):
        share = r["pairs"] / total
        out.append({"rank": rank, **r, "pairs_estimate": r["pairs"] * ds.scale, "share": share,
                    "one_in": round(1 / share) if share else None})
    return out


def _sites_build(ds: Dataset, t: float) -> alt.TopLevelMixin:
    rows = _sites_table(ds, t)
    top = max((r["share"] for r in rows), default=0.01) or 0.01
    base = alt.Chart(alt.Data(values=rows)).encode(
        y=alt.Y("source:N", sort=[r["source"] for r in rows], title=None),
        x=alt.X("share:Q", title="Share of all pairs", scale=alt.Scale(domain=[0, top * 1.3], nice=False),
                axis=alt.Axis(format="~%", tickCount=4)),
        tooltip=[alt.Tooltip("source:N", title="Source"), alt.Tooltip("kind:N", title="Kind"),
                 alt.Tooltip("pairs_estimate:Q", title=_pairs_title(ds), format=",.0f"),
                 alt.Tooltip("share:Q", title="Share of all pairs", format=".2%"),
                 alt.Tooltip("one_in:Q", title="One pair in", format=",.0f")],
    )
    bars = base.mark_bar(height={"band": 0.72}).encode(
        color=alt.Color("kind:N", title=None, scale=alt.Scale(
            domain=["named site", INVENTED_KIND if ds.synthetic else "other domain"], range=[VERMILLION, GREY])))
    labels = base.mark_text(align="left", dx=4, fontSize=11).encode(text="label:N").transform_calculate(
        label="datum.kind == 'named site' ? format(datum.share, '.1%') + ' · 1 in ' + format(datum.one_in, ',') "
              ": format(datum.share, '.1%')")
    return (bars + labels).properties(height=alt.Step(24))


def _sites_describe(ds: Dataset, t: float) -> str:
    named = [s for s in ds.agg.get("sites", []) if s["pairs"]]
    if not named:
        return "No pairs come from the named sites in this data."
    parts = [f"{s['site']} {pct_text(s['share'])} ({one_in(s['share'])} pairs, "
             f"{count_text(s['pairs'] * ds.scale, _approx(ds))})" for s in named]
    together = sum(s["share"] for s in named)
    doms = ds.agg.get("domains", {}).get("distinct_domains")
    rest = f" out of {doms:,} registered domains in the sample" if doms else ""
    invented = (" The other domains of the replica are invented (their names end in .test) and stand for "
                "no real website." if ds.synthetic else "")
    return (f"Three sites supply {pct_text(together)} of all pairs{rest}: {'; '.join(parts)}."
            f"{invented}{_source_sentence(ds)}")


# ---------------------------------------------------------------------------------------------
# threshold: similarity histograms with the published thresholds and the live t


def _similarity_table(ds: Dataset, t: float) -> list[dict[str, Any]]:
    rows = []
    hists = ds.agg["similarity"]["subsets"]
    for name in (n for n in subset_order(ds) if n in hists):
        h = hists[name]
        for i, c in enumerate(h["counts"]):
            if c:
                k = h["lo"] + i
                rows.append({"subset": name, "bin": k, "similarity": round(k / 1000, 3),
                             "similarity_end": round((k + 1) / 1000, 3), "pairs": c,
                             "pairs_estimate": c * ds.scale})
    return rows


def _published_rules(ds: Dataset) -> list[dict[str, Any]]:
    by_value: dict[float, list[str]] = {}
    for s in ds.subsets:
        if s.get("published_threshold") is not None:
            by_value.setdefault(s["published_threshold"], []).append(s["name"])
    order = subset_order(ds)
    return [{"threshold": v, "subsets": sorted(names, key=order.index),
             "label": f"published {v:g}: {', '.join(sorted(names, key=order.index))}"}
            for v, names in sorted(by_value.items(), reverse=True)]


def _similarity_domain(ds: Dataset) -> list[float]:
    his = [h["lo"] + len(h["counts"]) for h in ds.agg["similarity"]["subsets"].values() if h["counts"]]
    top = max(his, default=int(MAX_T * 1000)) / 1000
    # the tail above 0.5 is a sliver: keep some room past it so the reader sees where it ends
    hi = math.ceil(max(top, MAX_T) * 100 + 1) / 100
    return [math.floor(lowest_similarity(ds) * 100) / 100, hi]


def _similarity_build(ds: Dataset, t: float) -> alt.TopLevelMixin:
    rows = _similarity_table(ds, t)
    order = subset_order(ds)
    peak: dict[int, int] = {}
    for r in rows:
        r["subset_order"] = order.index(r["subset"])
        peak[r["bin"]] = peak.get(r["bin"], 0) + r["pairs_estimate"]
    tp = _t_param(t)
    height = 300
    x = alt.X("similarity:Q", bin="binned", title="CLIP similarity of image and caption",
              scale=alt.Scale(domain=_similarity_domain(ds), nice=False, clamp=True), axis=alt.Axis(format=".2f"))
    bars = alt.Chart(alt.Data(values=rows)).mark_bar(binSpacing=0).encode(
        x=x, x2="similarity_end:Q",
        # headroom above the peak keeps the rotated rule labels off the bars
        y=alt.Y("pairs_estimate:Q", stack="zero", title=_pairs_title(ds, "Pairs per 0.001"),
                scale=alt.Scale(domain=[0, max(peak.values(), default=1) * 1.35]),
                axis=alt.Axis(labelExpr=BIG_LABEL, tickCount=5)),
        color=alt.Color("subset:N", title=None, scale=_subset_scale(ds)),
        order=alt.Order("subset_order:Q"),
        tooltip=[alt.Tooltip("subset:N", title="Subset"),
                 alt.Tooltip("similarity:Q", title="Similarity from", format=".3f"),
                 alt.Tooltip("pairs_estimate:Q", title=_pairs_title(ds), format=",.0f")],
    )
    pub = alt.Chart(alt.Data(values=_published_rules(ds)))
    pub_rules = pub.mark_rule(strokeDash=[4, 3], opacity=0.8).encode(x="threshold:Q")
    pub_labels = pub.mark_text(angle=270, align="right", baseline="bottom", dx=-4, dy=-3, fontSize=11).encode(
        x="threshold:Q", y=alt.value(0), text="label:N")
    one = alt.Chart(alt.Data(values=[{"rule": "t"}])).transform_calculate(x="t", label="'t = ' + format(t, '.3f')")
    # One rect from the axis minimum up to t (on the 0.001 grid) fades the bars below t. A per-bar
    # condition on t would re-encode ~1000 bars per slider step, which Vega's CSP-safe expression
    # interpreter makes too slow; this re-encodes one item. The page makes it non-interactive
    # (vega-embed patch on the "shade" style) so the bars under it keep their tooltips.
    shade = one.transform_calculate(lo=str(_similarity_domain(ds)[0]), hi="round(t * 1000) / 1000").mark_rect(
        style="shade", aria=False).encode(x="lo:Q", x2="hi:Q")
    t_rule = one.mark_rule(strokeWidth=2).encode(x="x:Q")
    t_label = one.mark_text(align="left", baseline="top", dx=5, fontWeight="bold").encode(
        x="x:Q", y=alt.value(4), text="label:N")
    layers = [bars, shade, pub_rules, pub_labels, t_rule, t_label]
    above = sum(_hist_total(h, int(MAX_T * 1000)) for h in ds.agg["similarity"]["subsets"].values())
    if above:
        text = (f"{'≈' if _approx(ds) else ''}{_short(above * ds.scale)} pairs above {MAX_T:g} →")
        layers.append(alt.Chart(alt.Data(values=[{"x": MAX_T, "label": text}])).mark_text(
            align="right", baseline="bottom", dy=-6, fontSize=11).encode(x="x:Q", y=alt.value(height), text="label:N"))
    return alt.layer(*layers).add_params(tp).properties(height=height)


def _short(n: float) -> str:
    """Compact count for in-chart labels: 22.6K, 155M, 2.32B."""
    for size, suffix in ((1e9, "B"), (1e6, "M"), (1e3, "K")):
        if abs(n) >= size:
            return f"{n / size:.3g}{suffix}"
    return f"{round(n):,}"


def _similarity_describe(ds: Dataset, t: float) -> str:
    st = ds.threshold(t)
    near = ds.near_threshold
    pubs = "; ".join(r["label"].removeprefix("published ") for r in _published_rules(ds)) or "none published"
    above = sum(_hist_total(h, int(MAX_T * 1000)) for h in ds.agg["similarity"]["subsets"].values())
    approx = _approx(ds)
    return (f"Similarity scores of {count_text(st['rows'] * ds.scale, approx)} pairs crowd just above the published "
            f"thresholds ({pubs}): {pct_text(near['share'])} lie within {near['width']:g} of their subset's "
            f"threshold and only {count_text(above * ds.scale, approx)} score above {MAX_T:g}; a threshold of "
            f"{st['t']:.3f} would remove {count_text(st['removed'] * ds.scale, approx)} pairs "
            f"({pct_text(st['removed_share'])}).{_source_sentence(ds)}")


# ---------------------------------------------------------------------------------------------
# threshold (live): kept and removed per subset


def _in_subset_order(ds: Dataset, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    order = subset_order(ds)
    return sorted(rows, key=lambda r: order.index(r["name"]) if r["name"] in order else len(order))


def _removed_table(ds: Dataset, t: float) -> list[dict[str, Any]]:
    st = ds.threshold(t)
    return [{"subset": s["name"], "t": st["t"], "kept": s["kept"], "removed": s["removed"],
             "kept_estimate": s["kept"] * ds.scale, "removed_estimate": s["removed"] * ds.scale,
             "removed_share": s["removed_share"]} for s in _in_subset_order(ds, st["subsets"])]


def _removed_build(ds: Dataset, t: float) -> alt.TopLevelMixin:
    rows = ds.threshold(t)["subsets"]  # exactly the rows the page's JS sends to view.data("live", ...)
    top = max((r["rows"] for r in rows), default=1) * ds.scale or 1
    live = alt.InlineData(values=rows, name="live")
    y = alt.Y("name:N", sort=subset_order(ds), title=None, axis=None)
    bars = alt.Chart(live).transform_fold(["kept", "removed"], as_=["status", "n"]).transform_calculate(
        estimate=f"datum.n * {ds.scale}", order="datum.status == 'kept' ? 0 : 1").mark_bar(height=22).encode(
        y=y, x=alt.X("estimate:Q", stack="zero", title=_pairs_title(ds),
                     scale=alt.Scale(domain=[0, top], nice=False), axis=alt.Axis(labelExpr=BIG_LABEL, tickCount=4)),
        color=alt.Color("status:N", title=None, scale=alt.Scale(domain=["kept", "removed"], range=[BLUE, VERMILLION])),
        order=alt.Order("order:Q"),
        tooltip=[alt.Tooltip("name:N", title="Subset"), alt.Tooltip("status:N", title="Status"),
                 alt.Tooltip("estimate:Q", title=_pairs_title(ds), format=",.0f")],
    )
    approx = "'≈' + " if _approx(ds) else ""
    labels = alt.Chart(live).transform_calculate(
        label=f"datum.name + ': ' + {approx}replace(format(datum.removed * {ds.scale}, '.3~s'), 'G', 'B') "
              "+ ' removed (' + format(datum.removed_share, '.1%') + ')'").mark_text(
        align="left", baseline="bottom", dy=-13, fontSize=12).encode(y=y, x=alt.value(0), text="label:N")
    return (bars + labels).properties(height=alt.Step(58))


def _removed_describe(ds: Dataset, t: float) -> str:
    st = ds.threshold(t)
    approx = _approx(ds)
    parts = "; ".join(f"{s['name']} {count_text(s['removed'] * ds.scale, approx)} ({pct_text(s['removed_share'])})"
                      for s in _in_subset_order(ds, st["subsets"]))
    return (f"At a threshold of {st['t']:.3f}, {count_text(st['removed'] * ds.scale, approx)} pairs "
            f"({pct_text(st['removed_share'])}) that the published thresholds let in would be removed and "
            f"{count_text(st['kept'] * ds.scale, approx)} kept: {parts}.{_source_sentence(ds)}")


# ---------------------------------------------------------------------------------------------
# threshold (live): site and language mix of what remains


def _mix_domain(ds: Dataset, key: str, log: bool) -> list[float]:
    """Axis domain covering every threshold on the slider, so the axis stays put while it moves.

    On a log axis the lower end follows the shares of all pairs (a language that all but vanishes
    at a high t is pinned to the left edge instead of stretching the axis over decades).
    """
    vals = []
    if log:
        shares = [r["share_all"] for r in ds.threshold(0)[key] if r["share_all"] > 0]
        kept = [r["share_kept"] for tt in _t_grid(ds) for r in ds.threshold(tt)[key]]
        if shares:
            return [float(f"{min(shares) / 4:.1g}"), min(1.0, float(f"{max(shares + kept) * 1.4:.2g}"))]
    for tt in _t_grid(ds):
        for r in ds.threshold(tt)[key]:
            if key == "sites" and r["site"] == "(other)":
                continue
            vals += [v for v in (r["share_all"], r["share_kept"]) if v > 0]
    if not vals:
        return [0.0001, 1.0] if log else [0.0, 1.0]
    if log:
        return [float(f"{min(vals) * 0.7:.2g}"), min(1.0, float(f"{max(vals) * 1.4:.2g}"))]
    return [0.0, min(1.0, max(vals) * 1.3)]


def _site_mix_table(ds: Dataset, t: float) -> list[dict[str, Any]]:
    st = ds.threshold(t)
    return [{"site": r["site"], "t": st["t"], "pairs": r["pairs"], "kept": r["kept"], "share_all": r["share_all"],
             "share_kept": r["share_kept"]} for r in st["sites"]]


def _site_mix_build(ds: Dataset, t: float) -> alt.TopLevelMixin:
    rows = ds.threshold(t)["sites"]
    live = alt.InlineData(values=rows, name="live")
    measures = ["all pairs", "kept at t"]
    base = alt.Chart(live).transform_filter("datum.site != '(other)'").transform_fold(
        ["share_all", "share_kept"], as_=["measure_key", "share"]).transform_calculate(
        measure="datum.measure_key == 'share_all' ? 'all pairs' : 'kept at t'").encode(
        y=alt.Y("site:N", title=None, sort=None),
        yOffset=alt.YOffset("measure:N", sort=measures),
        x=alt.X("share:Q", title="Share of pairs", scale=alt.Scale(domain=_mix_domain(ds, "sites", False), nice=False),
                axis=alt.Axis(format="~%", tickCount=4)),
        tooltip=[alt.Tooltip("site:N", title="Site"), alt.Tooltip("measure:N", title="Among"),
                 alt.Tooltip("share:Q", title="Share", format=".2%")],
    )
    bars = base.mark_bar().encode(
        color=alt.Color("measure:N", title=None, scale=alt.Scale(domain=measures, range=[GREY, BLUE])))
    labels = base.mark_text(align="left", dx=3, fontSize=11).encode(text=alt.Text("share:Q", format=".2%"))
    return (bars + labels).properties(height=alt.Step(22))


def _site_mix_describe(ds: Dataset, t: float) -> str:
    st = ds.threshold(t)
    parts = [f"{r['site']} {pct_text(r['share_all'])} → {pct_text(r['share_kept'])}"
             for r in st["sites"] if r["site"] != "(other)"]
    return (f"Share of pairs from each named site among all pairs and among those kept at a threshold of "
            f"{st['t']:.3f}: {'; '.join(parts) or 'no named sites in this data'}.{_data_note(ds)}")


def _language_names(ds: Dataset) -> list[dict[str, str]]:
    codes = {r["code"] for r in ds.agg.get("languages", [])} | {"other"}
    return [{"code": c, "name": language_name(c)} for c in sorted(codes)]


def _language_mix_table(ds: Dataset, t: float) -> list[dict[str, Any]]:
    st = ds.threshold(t)
    return [{"code": r["code"], "language": language_name(r["code"]), "t": st["t"], "pairs": r["pairs"],
             "kept": r["kept"], "share_all": r["share_all"], "share_kept": r["share_kept"],
             "change": (r["share_kept"] / r["share_all"] - 1) if r["share_all"] else None}
            for r in st["languages"]]


def _language_mix_build(ds: Dataset, t: float) -> alt.TopLevelMixin:
    rows = ds.threshold(t)["languages"]
    live = alt.InlineData(values=rows, name="live")
    dom = _mix_domain(ds, "languages", True)
    names = alt.LookupData(data=alt.InlineData(values=_language_names(ds)), key="code", fields=["name"])
    base = alt.Chart(live).transform_lookup(lookup="code", from_=names, default="").transform_calculate(
        language="datum.name || datum.code",
        change="datum.share_all > 0 ? datum.share_kept / datum.share_all - 1 : 0",
        # shares of 0 cannot sit on a log axis: pin them to its left end
        all_x=f"max(datum.share_all, {dom[0]})", kept_x=f"max(datum.share_kept, {dom[0]})")
    y = alt.Y("language:N", title=None, sort=alt.EncodingSortField("share_all", order="descending"))
    xs = alt.Scale(type="log", domain=dom, nice=False, clamp=True)
    tips = [alt.Tooltip("language:N", title="Language"),
            alt.Tooltip("share_all:Q", title="Share of all pairs", format=".3%"),
            alt.Tooltip("share_kept:Q", title="Share of pairs kept at t", format=".3%"),
            alt.Tooltip("change:Q", title="Change in share", format="+.1%")]
    link = base.mark_rule(strokeWidth=2, opacity=0.6).encode(y=y, x=alt.X("all_x:Q", scale=xs), x2="kept_x:Q")
    measures = ["all pairs", "kept at t"]
    dots = base.transform_fold(["all_x", "kept_x"], as_=["measure_key", "share"]).transform_calculate(
        measure="datum.measure_key == 'all_x' ? 'all pairs' : 'kept at t'").mark_point(size=80).encode(
        y=y, x=alt.X("share:Q", scale=xs, title="Share of pairs (log scale)",
                     axis=alt.Axis(format="~%", values=log_ticks(*dom))),
        color=alt.Color("measure:N", title=None, scale=alt.Scale(domain=measures, range=[GREY, BLUE])),
        shape=alt.Shape("measure:N", title=None, scale=alt.Scale(domain=measures, range=["circle", "diamond"])),
        tooltip=tips)
    return (link + dots).properties(height=alt.Step(22))


def _language_mix_describe(ds: Dataset, t: float) -> str:
    rows = [r for r in _language_mix_table(ds, t) if r["change"] is not None]
    st_t = _grid(t)[1]
    if not rows:
        return "No language data."
    movers = sorted(rows, key=lambda r: r["change"])
    lo, hi = movers[0], movers[-1]
    return (f"Language mix of the pairs kept at a threshold of {st_t:.3f} against all pairs: the biggest loser is "
            f"{lo['language']} ({pct_text(lo['share_all'])} → {pct_text(lo['share_kept'])}), the biggest gainer "
            f"{hi['language']} ({pct_text(hi['share_all'])} → {pct_text(hi['share_kept'])}).{_data_note(ds)}")


# ---------------------------------------------------------------------------------------------
# stack: models on models


def _stack_table(ds: Dataset, t: float) -> list[dict[str, Any]]:
    f = _fig
    approx = _approx(ds)
    total = (ds.agg.get("total_pairs") or ds.manifest.get("rows", 0)) * ds.scale
    cands, cc_sites, inet = f("candidates"), f("cc_sites"), f("imagenet1k_images")
    thresholds = [f"{r['threshold']:g} for {', '.join(r['subsets'])}" for r in _published_rules(ds)]
    # short lines (the chart may be 300 px wide); each layer's detail is one line per item
    layers: list[tuple[str, str, list[str], str]] = [
        ("Common Crawl", "data",
         [f"a public crawl of more than {count_text(cc_sites).removeprefix('about ')} websites" if cc_sites
          else "a public crawl of the web",
          f"{count_text(cands).removeprefix('about ')}+ candidate images with ALT text" if cands
          else "candidate images with their ALT text"],
         "Common Crawl" + (f" ({count_text(cands).removeprefix('about ')}+ candidate images)" if cands else "")),
        ("CLIP ViT-B/32", "model",
         ["OpenAI's model, trained on undisclosed data,", "scores how well each ALT text fits its image"],
         "CLIP, trained by OpenAI on undisclosed data, scores each pair"),
        ("The similarity threshold", "choice",
         ["keep a pair if it scores at least", *(thresholds or ["a chosen cut-off"]),
          "picked by training on LAION and testing on",
          "ImageNet-1K" + (f" ({int(inet):,} labelled images)" if inet else "")],
         f"a threshold ({'; '.join(thresholds) or 'a chosen cut-off'}) picked by training on LAION and testing on "
         "ImageNet-1K" + (f" ({int(inet):,} labelled images)" if inet else "")),
        (ds.manifest.get("dataset") or "LAION-5B", "data",
         [f"{count_text(total, approx)} pairs kept" + ("," if cands and total < cands else ""),
          *([f"{pct_text(1 - total / cands)} of the candidates dropped;"] if cands and total < cands else []),
          "split by language by a detector (CLD3)"],
         f"{ds.manifest.get('dataset') or 'LAION-5B'} ({count_text(total, approx)} pairs, split by CLD3)"),
        ("LAION-Aesthetics", "data", [_aesthetics_line(ds), *_raters_lines()],
         f"LAION-Aesthetics ({_aesthetics_line(ds)}, picked by a model trained on a few raters' scores)"),
        ("Image generators", "model",
         ["Stable Diffusion, Midjourney and others,", "trained or fine-tuned on these subsets"],
         "image generators trained or fine-tuned on these subsets"),
    ]
    return [{"order": i, "layer": name, "kind": kind, "detail": "\n".join(lines), "lines": len(lines),
             "summary": summary} for i, (name, kind, lines, summary) in enumerate(layers)]


def _raters_lines() -> list[str]:
    """Who taught the aesthetic model, with the essay's counts."""
    sac, ava, logos = _fig("aes_sac_rated"), _fig("aes_ava_images"), _fig("aes_logos")
    if not (sac and ava and logos):
        return ["picked by a model trained on a few raters' scores"]
    return ["picked by a model trained on ratings of",
            f"{int(sac):,} SAC + {int(ava):,} AVA images, {int(logos):,} logos"]


def _aesthetics_line(ds: Dataset) -> str:
    cut = _aesthetic_cutoffs()
    if not cut:
        return "subsets picked by predicted beauty"
    fid, c = cut[0]
    hists = ds.agg.get("aesthetic", {})
    if ds.has("aesthetic") and hists:
        _, names = _english(ds, hists)
        h = sum_histograms([hists[n] for n in names])
        n = _hist_total(h, round(c * 100)) * ds.scale
        return f"{count_text(n, _approx(ds))} pairs scored {c:g} or more"
    return f"{count_text(figure(fid))} pairs scored {c:g} or more (published)"


def _stack_build(ds: Dataset, t: float) -> alt.TopLevelMixin:
    rows = _stack_table(ds, t)
    # vertical layout in "line" units (one line of detail text); boxes grow with their text
    line_px, pad, head, gap = 16, 0.55, 1.35, 1.5
    y = 0.0
    for r in rows:
        r["top"] = y
        r["head"] = y + pad + head / 2
        r["body"] = y + pad + head
        r["bottom"] = r["body"] + r["lines"] + pad
        y = r["bottom"] + gap
        r["arrow_to"] = y - 0.15
    total = rows[-1]["bottom"] if rows else 1
    kinds = ["data", "model", "choice"]
    ys = alt.Scale(domain=[0, total], reverse=True, nice=False, zero=False)
    kind_scale = alt.Scale(domain=kinds, range=[BLUE, VERMILLION, GREEN])
    base = alt.Chart(alt.Data(values=rows))
    tip = [alt.Tooltip("layer:N", title="Layer"), alt.Tooltip("kind:N", title="Kind"),
           alt.Tooltip("detail:N", title="What")]
    box = base.mark_rect(cornerRadius=4, strokeWidth=2, fillOpacity=0.14).encode(
        x=alt.value(0), x2=alt.value({"expr": "width"}),
        y=alt.Y("top:Q", scale=ys, axis=None), y2="bottom:Q",
        fill=alt.Fill("kind:N", title=None, scale=kind_scale,
                      legend=alt.Legend(labelExpr="datum.label == 'choice' ? 'human choice' : datum.label")),
        stroke=alt.Stroke("kind:N", scale=kind_scale, legend=None),
        tooltip=tip,
    )
    limit = {"expr": "max(width - 20, 40)"}  # narrow screens: cut with an ellipsis rather than overflow
    title = base.mark_text(align="left", baseline="middle", fontWeight="bold", fontSize=14, dx=10, limit=limit).encode(
        x=alt.value(0), y=alt.Y("head:Q", scale=ys), text="layer:N")
    body = base.mark_text(align="left", baseline="top", fontSize=12, dx=10, lineBreak="\n", lineHeight=line_px,
                          limit=limit).encode(x=alt.value(0), y=alt.Y("body:Q", scale=ys), text="detail:N")
    links = base.transform_filter(f"datum.order < {len(rows) - 1}")
    shafts = links.mark_rule(strokeWidth=2).encode(x=alt.value(28), y=alt.Y("bottom:Q", scale=ys), y2="arrow_to:Q")
    heads = links.mark_point(shape="triangle-down", size=70, style="ink").encode(
        x=alt.value(28), y=alt.Y("arrow_to:Q", scale=ys))
    return alt.layer(box, shafts, heads, title, body).properties(height=round(total * line_px))


def _stack_describe(ds: Dataset, t: float) -> str:
    chain = " → ".join(r["summary"] for r in _stack_table(ds, t))
    return f"Each layer was made by a model or a choice resting on the one before: {chain}.{_source_sentence(ds)}"


# ---------------------------------------------------------------------------------------------
# divide: languages


def _languages_table(ds: Dataset, t: float) -> list[dict[str, Any]]:
    pairs = language_pairs(ds)
    rows = []
    for code, sp in speakers().items():
        n = pairs.get(code, 0)
        if not n:
            continue
        ppl = int(sp["speakers"])
        ratio = n * ds.scale / ppl
        rows.append({"code": code, "language": sp["name"], "named": code in NAMED_LANGUAGES,
                     "pairs": n, "pairs_estimate": n * ds.scale, "speakers": ppl,
                     "captions_per_speaker": ratio, "speakers_source": sp["source"], "speakers_year": sp["year"],
                     "label": (f"{sig_text(ratio)} per speaker" if ratio >= 0.5
                               else f"1 per {sig_text(1 / ratio)} speakers"),
                     # compact in-chart label: 120 per speaker -> "120", one per 35 speakers -> "1/35"
                     "short": sig_text(ratio) if ratio >= 0.5 else f"1/{sig_text(1 / ratio)}"})
    rows.sort(key=lambda r: -r["captions_per_speaker"])
    return rows


def _languages_build(ds: Dataset, t: float) -> alt.TopLevelMixin:
    rows = _languages_table(ds, t)
    ratios = [r["captions_per_speaker"] for r in rows] or [1.0]
    dom = [10 ** math.floor(math.log10(min(ratios + [1.0]))), 10 ** math.ceil(math.log10(max(ratios + [1.0])) + 0.5)]
    xs = alt.Scale(type="log", domain=dom, nice=False)
    base = alt.Chart(alt.Data(values=rows)).transform_calculate(
        group="datum.named ? 'the essay’s examples' : 'other languages'").encode(
        y=alt.Y("language:N", title=None, sort=alt.EncodingSortField("captions_per_speaker", order="descending")),
        x=alt.X("captions_per_speaker:Q", scale=xs, title="Captions per speaker (log scale)",
                axis=alt.Axis(format=",~g", values=log_ticks(*dom))),
        tooltip=[alt.Tooltip("language:N", title="Language"),
                 alt.Tooltip("pairs_estimate:Q", title=_pairs_title(ds, "Captions"), format=",.0f"),
                 alt.Tooltip("speakers:Q", title="Speakers", format=",.0f"),
                 alt.Tooltip("captions_per_speaker:Q", title="Captions per speaker", format=",.3~g"),
                 alt.Tooltip("speakers_source:N", title="Speakers: source")],
    )
    stems = base.transform_calculate(lo=str(dom[0])).mark_rule(opacity=0.5).encode(
        x=alt.X("lo:Q", scale=xs), x2="captions_per_speaker:Q")
    dots = base.mark_point(size=90).encode(
        color=alt.Color("group:N", title=None, scale=alt.Scale(domain=["the essay’s examples", "other languages"],
                                                                range=[VERMILLION, GREY])))
    labels = base.mark_text(align="left", dx=8, fontSize=11).encode(text="short:N")
    one = alt.Chart(alt.Data(values=[{"x": 1.0, "label": "1 caption per speaker"}]))
    ref = one.mark_rule(strokeDash=[4, 3], opacity=0.6).encode(x=alt.X("x:Q", scale=xs))
    return alt.layer(stems, ref, dots, labels).properties(height=alt.Step(24))


def _languages_describe(ds: Dataset, t: float) -> str:
    rows = _languages_table(ds, t)
    named = [r for r in rows if r["named"]]
    if not named:
        return "No captions in the languages with speaker figures."
    parts = "; ".join(f"{r['language']} {r['label']}" for r in named)
    return (f"Captions per speaker, from the detector's labels and cited speaker counts: {parts}."
            f"{_source_sentence(ds)}")


def _luxembourgish_table(ds: Dataset, t: float) -> list[dict[str, Any]]:
    pairs = language_pairs(ds)
    total = sum(pairs.values()) * ds.scale
    lb = pairs.get("lb", 0) * ds.scale
    en = pairs.get("en", 0) * ds.scale
    sp = speakers()
    cc_lb, cc_ratio = _fig("lb_cc_pages"), _fig("lb_cc_pages_ratio")
    rows = []

    def add(group: str, what: str, value: float | None, source: str, highlight: bool) -> None:
        if value:
            rows.append({"group": group, "measure": what, "value": value, "source": source, "luxembourgish": highlight})

    if "lb" in sp:
        add("captions per speaker", "Luxembourgish", lb / int(sp["lb"]["speakers"]),
            "aggregates; speakers.csv", True)
    if "en" in sp:
        add("captions per speaker", "English", en / int(sp["en"]["speakers"]), "aggregates; speakers.csv", False)
    if cc_lb and cc_ratio:
        add("captions per Common Crawl page", "Luxembourgish", lb / cc_lb, "aggregates; essay_figures lb_cc_pages",
            True)
        # the crawl's size follows from its Luxembourgish pages being 1 in lb_cc_pages_ratio
        add("captions per Common Crawl page", "All languages", total / (cc_lb * cc_ratio),
            "aggregates; essay_figures lb_cc_pages × lb_cc_pages_ratio", False)
        add("share", "Luxembourgish share of captions", lb / total if total else None, "aggregates", True)
        add("share", "Luxembourgish share of Common Crawl pages", 1 / cc_ratio, "essay_figures lb_cc_pages_ratio",
            False)
    for r in rows:
        v = r["value"]
        r["label"] = f"1 in {sig_text(1 / v)}" if r["group"] == "share" else sig_text(v)
        r["row"] = f"{r['measure']}: {r['group']}" if r["group"] != "share" else r["measure"]
    return rows


def _luxembourgish_build(ds: Dataset, t: float) -> alt.TopLevelMixin:
    rows = [r for r in _luxembourgish_table(ds, t) if r["group"] != "share"]
    vals = [r["value"] for r in rows] or [1.0]
    xs = alt.Scale(type="log", domain=[10 ** math.floor(math.log10(min(vals))),
                                       10 ** math.ceil(math.log10(max(vals)) + 0.4)], nice=False)
    base = alt.Chart(alt.Data(values=rows)).encode(
        y=alt.Y("row:N", sort=None, title=None, axis=None),
        x=alt.X("value:Q", scale=xs, title="Captions (log scale)",
                axis=alt.Axis(format=",~g", values=log_ticks(*xs.domain))),
        tooltip=[alt.Tooltip("group:N", title="Measure"), alt.Tooltip("measure:N", title="Of"),
                 alt.Tooltip("value:Q", title="Value", format=",.3~g"), alt.Tooltip("source:N", title="Source")],
    )
    dots = base.mark_point(size=110).encode(
        color=alt.Color("who:N", title=None, scale=alt.Scale(domain=["Luxembourgish", "comparison"],
                                                             range=[VERMILLION, GREY]))).transform_calculate(
        who="datum.luxembourgish ? 'Luxembourgish' : 'comparison'")
    values = base.mark_text(align="left", dx=9, fontWeight="bold").encode(text="label:N")
    names = base.mark_text(align="left", baseline="bottom", dy=-10, fontSize=12).encode(
        x=alt.value(0), text="row:N")
    return alt.layer(dots, values, names).properties(height=alt.Step(54))


CHECKED_LABELS = 14  # the largest labels by pairs; the essay's named languages are added


def _language_check_table(ds: Dataset, t: float) -> list[dict[str, Any]]:
    """Per language label: how often CLD3 (rerun) and lingua agree with it on the sampled captions."""
    labels = (ds.agg.get("language_check") or {}).get("labels", [])
    ranked = sorted(labels, key=lambda r: (-r["pairs"], r["code"]))
    shown = ranked[:CHECKED_LABELS] + [r for r in ranked[CHECKED_LABELS:] if r["code"] in NAMED_LANGUAGES]
    rows = []
    for r in shown:
        knows = bool(r.get("lingua_knows", True))
        rows.append({
            "code": r["code"], "language": language_name(r["code"]),
            "pairs_estimate": r["pairs"] * ds.scale, "sampled": r["n"],
            "cld3_agree": r["cld3_agree"],
            "lingua_agree": r["lingua_agree"] if knows else None,
            "both_agree": r["both_agree"] if knows else None,
            "lingua_knows": knows,
            "lingua_says": ", ".join(f"{language_name(x['code'])} {pct_text(x['share'])}"
                                     for x in r.get("lingua_top", [])),
        })
    return rows


def _language_check_build(ds: Dataset, t: float) -> alt.TopLevelMixin:
    rows = _language_check_table(ds, t)
    order = [r["language"] for r in rows]
    base = alt.Chart(alt.Data(values=rows)).encode(
        y=alt.Y("language:N", title=None, sort=order),
        tooltip=[alt.Tooltip("language:N", title="Label"),
                 alt.Tooltip("sampled:Q", title="Captions sampled"),
                 alt.Tooltip("cld3_agree:Q", title="CLD3 (rerun) agrees", format=".0%"),
                 alt.Tooltip("lingua_agree:Q", title="lingua agrees", format=".0%"),
                 alt.Tooltip("lingua_says:N", title="lingua's answers")],
    )
    x = alt.X("both_agree:Q", title="Share of sampled captions both detectors give this label",
              scale=alt.Scale(domain=[0, 1]), axis=alt.Axis(format="%"))
    bars = base.transform_filter("datum.lingua_knows").mark_bar(color=BLUE).encode(x=x)
    values = base.transform_filter("datum.lingua_knows").mark_text(align="left", dx=4, fontSize=11).encode(
        x=x, text=alt.Text("both_agree:Q", format=".0%"))
    unknown = base.transform_filter("!datum.lingua_knows").transform_calculate(
        x0="0", note="'lingua has no ' + datum.language + '; it reads them as ' + datum.lingua_says").mark_text(
        align="left", dx=4, fontSize=11, fontStyle="italic", color=GREY).encode(x=alt.X("x0:Q"), text="note:N")
    return alt.layer(bars, values, unknown).properties(height=alt.Step(22))


def _language_check_describe(ds: Dataset, t: float) -> str:
    rows = _language_check_table(ds, t)
    if not rows:
        return "No language check in these aggregates: rebuild them to add it."
    known = [r for r in rows if r["lingua_knows"]]
    parts = "; ".join(f"{r['language']} {pct_text(r['both_agree'])}" for r in known[:6])
    lacking = [r for r in rows if not r["lingua_knows"]]
    tail = "".join(f" lingua has no {r['language']}; it reads those captions as {r['lingua_says']}." for r in lacking)
    made = (" On the synthetic replica this reflects how its captions were generated, not LAION's."
            if ds.synthetic else "")
    return f"Share of sampled captions that both detectors give their label: {parts}.{tail}{made}"


def _luxembourgish_describe(ds: Dataset, t: float) -> str:
    rows = {(r["group"], r["measure"]): r for r in _luxembourgish_table(ds, t)}
    lb = language_pairs(ds).get("lb", 0) * ds.scale
    out = [f"The detector labelled {count_text(lb, _approx(ds))} captions Luxembourgish"]
    if (r := rows.get(("captions per speaker", "Luxembourgish"))) is not None:
        out.append(f"{r['label']} per speaker")
    if (r := rows.get(("captions per speaker", "English"))) is not None:
        out.append(f"against {r['label']} for English")
    s = ", ".join(out)
    a = rows.get(("share", "Luxembourgish share of captions"))
    b = rows.get(("share", "Luxembourgish share of Common Crawl pages"))
    if a and b:
        s += f"; that is {a['label']} captions, while only {b['label']} Common Crawl pages is in Luxembourgish"
    return s + "." + _source_sentence(ds)


# ---------------------------------------------------------------------------------------------
# aesthetics


def _aesthetic_cutoffs() -> list[tuple[str, float]]:
    """(figure id, score) of the released subsets; the score is read from the id (aes_6_25plus -> 6.25)."""
    out = []
    for fid in AESTHETIC_SUBSETS:
        m = re.search(r"(\d+(?:_\d+)?)plus$", fid)
        if m and fid in essay_figures():
            out.append((fid, float(m.group(1).replace("_", "."))))
    return out


AES_BIN = 5  # histogram bars of 0.05 (5 bins of 0.01): every cut-off falls on a bar edge


def _aesthetic_table(ds: Dataset, t: float) -> list[dict[str, Any]]:
    hists = ds.agg.get("aesthetic", {})
    label, names = _english(ds, hists)
    h = sum_histograms([hists[n] for n in names])
    rows = []
    for fid, c in _aesthetic_cutoffs():
        n = _hist_total(h, round(c * 100))
        rows.append({"cutoff": c, "subset": label, "pairs": n, "pairs_estimate": n * ds.scale,
                     "published_pairs": int(figure(fid))})
    return rows


def _aesthetic_build(ds: Dataset, t: float) -> alt.TopLevelMixin:
    hists = ds.agg.get("aesthetic", {})
    _, names = _english(ds, hists)
    h = sum_histograms([hists[n] for n in names])
    cuts = _aesthetic_cutoffs()
    edges = [round(c * 100) for _, c in cuts]
    bands = [f"below {cuts[0][1]:g}" if cuts else "all"] + [f"{c:g}+" for _, c in cuts]
    coarse: dict[int, int] = {}
    for i, c in enumerate(h["counts"]):
        if c:
            k = (h["lo"] + i) // AES_BIN * AES_BIN
            coarse[k] = coarse.get(k, 0) + c
    rows = []
    for k, c in sorted(coarse.items()):
        band = bands[sum(k >= e for e in edges)]
        rows.append({"score": k / 100, "score_end": (k + AES_BIN) / 100, "pairs_estimate": c * ds.scale,
                     "band": band})
    table = _aesthetic_table(ds, t)
    marks = [{"cutoff": r["cutoff"], "label": f"{r['cutoff']:g}+: {'≈' if _approx(ds) else ''}"
              f"{_short(r['pairs_estimate'])}"} for r in table]
    hi = max((k + AES_BIN) / 100 for k in coarse) if coarse else 10
    lo = min(k / 100 for k in coarse) if coarse else 0
    xs = alt.Scale(domain=[math.floor(lo), math.ceil(hi)], nice=False)
    bars = alt.Chart(alt.Data(values=rows)).mark_bar(binSpacing=0).encode(
        x=alt.X("score:Q", bin="binned", scale=xs, title="Predicted aesthetic score"), x2="score_end:Q",
        y=alt.Y("pairs_estimate:Q", title=_pairs_title(ds, "Pairs per 0.05"), axis=alt.Axis(labelExpr=BIG_LABEL),
                scale=alt.Scale(domain=[0, max((r["pairs_estimate"] for r in rows), default=1) * 1.4])),
        color=alt.Color("band:N", title="Released subset", sort=bands,
                        scale=alt.Scale(domain=bands, range=[GREY, BLUE, GREEN, VERMILLION, PURPLE][: len(bands)])),
        tooltip=[alt.Tooltip("score:Q", title="Score from", format=".2f"),
                 alt.Tooltip("pairs_estimate:Q", title=_pairs_title(ds), format=",.0f")],
    )
    cut = alt.Chart(alt.Data(values=marks))
    rules = cut.mark_rule(strokeDash=[4, 3]).encode(x=alt.X("cutoff:Q", scale=xs))
    labels = cut.mark_text(angle=270, align="right", baseline="bottom", dx=-4, dy=-3, fontSize=11).encode(
        x=alt.X("cutoff:Q", scale=xs), y=alt.value(0), text="label:N")
    return alt.layer(bars, rules, labels).properties(height=280)


def _aesthetic_describe(ds: Dataset, t: float) -> str:
    rows = _aesthetic_table(ds, t)
    label, _ = _english(ds, ds.agg.get("aesthetic", {}))
    parts = "; ".join(f"{r['cutoff']:g} or more: {count_text(r['pairs_estimate'], _approx(ds))} "
                      f"(published {count_text(r['published_pairs'])})" for r in rows)
    return (f"Predicted aesthetic scores of the pairs in {label}, with the released subsets: {parts}."
            f"{_source_sentence(ds)}")


# ---------------------------------------------------------------------------------------------
# safety: unsafe and watermark scores

SCORES = (("punsafe", "unsafe", "unsafe_threshold"), ("pwatermark", "watermark", "watermark_threshold"))


def _safety_curves(ds: Dataset) -> list[dict[str, Any]]:
    rows = []
    for key, score, _ in SCORES:
        hists = ds.agg.get(key, {})
        for name, h in ((n, hists[n]) for n in subset_order(ds) if n in hists):
            total = sum(h["counts"])
            if not total:
                continue
            for c in range(0, 100):
                rows.append({"score": score, "subset": name, "cutoff": c / 100,
                             "share": _hist_total(h, c * 10) / total})
    return rows


def _safety_table(ds: Dataset, t: float) -> list[dict[str, Any]]:
    rows = []
    for key, score, fid in SCORES:
        cut = _fig(fid)
        if cut is None:
            continue
        hists = ds.agg.get(key, {})
        for name, h in ((n, hists[n]) for n in subset_order(ds) if n in hists):
            total = sum(h["counts"])
            if not total:
                continue
            n = _hist_total(h, round(cut * 1000))
            short = name.split("-")[-1]
            pub = _fig(f"{score}_share_{short}")
            rows.append({"score": score, "subset": name, "cutoff": cut, "flagged": n,
                         "flagged_estimate": n * ds.scale, "share_flagged": n / total, "published_share": pub,
                         "unscored": h.get("null", 0) + h.get("invalid", 0)})
    return rows


def _safety_build(ds: Dataset, t: float) -> alt.TopLevelMixin:
    rows = _safety_curves(ds)
    floor = min((r["share"] for r in rows if r["share"] > 0), default=0.001)
    ys = alt.Scale(type="log", domain=[max(10 ** math.floor(math.log10(floor)), 1e-5), 1], nice=False, clamp=True)
    xs = alt.Scale(domain=[0, 1], nice=False)
    score_dash = alt.StrokeDash("score:N", title=None, scale=alt.Scale(domain=["unsafe", "watermark"],
                                                                       range=[[1, 0], [6, 3]]))
    lines = alt.Chart(alt.Data(values=rows)).transform_filter("datum.share > 0").mark_line(strokeWidth=2).encode(
        x=alt.X("cutoff:Q", scale=xs, title="Cut-off: pairs scoring at least this are flagged"),
        y=alt.Y("share:Q", scale=ys, title="Share of pairs flagged (log scale)",
                axis=alt.Axis(format="~%", values=log_ticks(*ys.domain))),
        color=alt.Color("subset:N", title=None, scale=_subset_scale(ds)),
        strokeDash=score_dash, detail="score:N",
        tooltip=[alt.Tooltip("subset:N", title="Subset"), alt.Tooltip("score:N", title="Score"),
                 alt.Tooltip("cutoff:Q", title="Cut-off", format=".2f"),
                 alt.Tooltip("share:Q", title="Share flagged", format=".2%")],
    )
    table = _safety_table(ds, t)
    points = alt.Chart(alt.Data(values=table)).mark_point(size=70, filled=True).encode(
        x=alt.X("cutoff:Q", scale=xs), y=alt.Y("share_flagged:Q", scale=ys),
        color=alt.Color("subset:N", scale=_subset_scale(ds)), shape=alt.Shape("score:N", legend=None),
        tooltip=[alt.Tooltip("subset:N", title="Subset"), alt.Tooltip("score:N", title="Score"),
                 alt.Tooltip("cutoff:Q", title="LAION's cut-off"),
                 alt.Tooltip("share_flagged:Q", title="Share flagged", format=".2%"),
                 alt.Tooltip("published_share:Q", title="Published share", format=".1%")])
    cuts = [{"cutoff": _fig(fid), "label": f"LAION's {score} cut-off {_fig(fid):g}"}
            for _, score, fid in SCORES if _fig(fid) is not None]
    cut = alt.Chart(alt.Data(values=cuts))
    rules = cut.mark_rule(strokeDash=[2, 3], opacity=0.7).encode(x=alt.X("cutoff:Q", scale=xs))
    labels = cut.mark_text(angle=270, align="right", baseline="bottom", dx=-4, dy=-3, fontSize=11).encode(
        x=alt.X("cutoff:Q", scale=xs), y=alt.value(0), text="label:N")
    return alt.layer(lines, rules, labels, points).properties(height=300)


def _safety_describe(ds: Dataset, t: float) -> str:
    rows = _safety_table(ds, t)
    parts = []
    for _, score, _fid in SCORES:
        sel = [r for r in rows if r["score"] == score]
        if sel:
            parts.append(f"{score} score {sel[0]['cutoff']:g} or more flags "
                         + ", ".join(f"{pct_text(r['share_flagged'])} of {r['subset']}" for r in sel))
    return ("Share of pairs each cut-off would flag; at LAION's cut-offs, " + "; ".join(parts) + "." + _data_note(ds)
            if parts else "No unsafe or watermark scores in this data.")


# ---------------------------------------------------------------------------------------------
# method: what was read


def _method_table(ds: Dataset, t: float) -> list[dict[str, Any]]:
    # file names only: the server's paths are nobody's business
    return [{"file": PurePath(str(i.get("path", ""))).name, "subset": i.get("subset"), "rows": i.get("rows"),
             "bytes": i.get("bytes")} for i in ds.manifest.get("inputs", [])]


def _method_build(ds: Dataset, t: float) -> alt.TopLevelMixin:
    rows = _method_table(ds, t)
    title = "Rows read (synthetic sample rows)" if ds.synthetic else "Rows read"
    return alt.Chart(alt.Data(values=rows)).mark_bar(style="separator", strokeWidth=0.5,
                                                     height={"band": 0.7}).encode(
        y=alt.Y("subset:N", title=None, sort=subset_order(ds)),
        x=alt.X("sum(rows):Q", title=title, axis=alt.Axis(labelExpr=BIG_LABEL, tickCount=4)),
        color=alt.Color("subset:N", scale=_subset_scale(ds), legend=None),
        detail="file:N",
        tooltip=[alt.Tooltip("file:N", title="File"), alt.Tooltip("subset:N", title="Subset"),
                 alt.Tooltip("rows:Q", title="Rows", format=","), alt.Tooltip("bytes:Q", title="Bytes", format=".3~s")],
    ).properties(height=alt.Step(44))


def _method_describe(ds: Dataset, t: float) -> str:
    m = ds.manifest
    rows = _method_table(ds, t)
    size = sum(r["bytes"] or 0 for r in rows)
    what = "a synthetic replica" if ds.synthetic else (m.get("dataset") or "the dataset")
    scale = f", each row standing for {ds.scale:,} pairs" if _approx(ds) else ""
    dur = m.get("duration_s")
    took = f" in {dur:g} seconds" if isinstance(dur, int | float) else ""
    return (f"The precompute read {len(rows)} files of {what} ({m.get('rows', 0):,} rows, "
            f"{size / 1e6:,.0f} MB{scale}) in one pass each{took}, profile {m.get('profile')}.")


# ---------------------------------------------------------------------------------------------
# The registry


@dataclass(frozen=True)
class ChartDef:
    id: str  # url-safe, e.g. "similarity"
    title: str
    step: str  # story step id: opening, sources, threshold, stack, divide, aesthetics, safety, method
    build: Callable[[Dataset, float], alt.TopLevelMixin]  # (dataset, t) -> Altair chart
    describe: Callable[[Dataset, float], str]  # one-sentence text description with numbers (alt text)
    table: Callable[[Dataset, float], list[dict]]  # the data behind the chart (CSV and screen-reader table)
    live: str | None = None  # None | "param" | "subsets" | "sites" | "languages"
    needs: tuple[str, ...] = ()  # canonical columns required; the chart is unavailable without them


_DEFS = (
    ChartDef("subsets", "LAION-5B's three subsets", "opening", _subsets_build, _subsets_describe, _subsets_table),
    ChartDef("sites", "Where the pairs come from", "sources", _sites_build, _sites_describe, _sites_table,
             needs=("url",)),
    ChartDef("similarity", "CLIP similarity of every pair, by subset", "threshold", _similarity_build,
             _similarity_describe, _similarity_table, live="param", needs=("similarity",)),
    ChartDef("removed", "Pairs kept and removed at the threshold", "threshold", _removed_build, _removed_describe,
             _removed_table, live="subsets", needs=("similarity",)),
    ChartDef("site_mix", "Site mix of the pairs that remain", "threshold", _site_mix_build, _site_mix_describe,
             _site_mix_table, live="sites", needs=("similarity", "url")),
    ChartDef("stack", "Models all the way down", "stack", _stack_build, _stack_describe, _stack_table),
    ChartDef("languages", "Captions per speaker, by language", "divide", _languages_build, _languages_describe,
             _languages_table, needs=("language",)),
    ChartDef("language_mix", "Language mix of the pairs that remain", "divide", _language_mix_build,
             _language_mix_describe, _language_mix_table, live="languages", needs=("language", "similarity")),
    ChartDef("luxembourgish", "The Luxembourgish anomaly", "divide", _luxembourgish_build, _luxembourgish_describe,
             _luxembourgish_table, needs=("language",)),
    ChartDef("language_check", "Do two detectors agree with the label?", "divide", _language_check_build,
             _language_check_describe, _language_check_table, needs=("language",)),
    ChartDef("aesthetic", "Predicted aesthetic scores and the released subsets", "aesthetics", _aesthetic_build,
             _aesthetic_describe, _aesthetic_table, needs=("aesthetic",)),
    ChartDef("safety", "How many pairs each unsafe or watermark cut-off flags", "safety", _safety_build,
             _safety_describe, _safety_table, needs=("punsafe", "pwatermark")),
    ChartDef("method", "Rows read per input file", "method", _method_build, _method_describe, _method_table),
)
CHARTS: dict[str, ChartDef] = {c.id: c for c in _DEFS}

COLUMN_LABELS = {
    "pairs": "Pairs (sample rows)", "pairs_estimate": "Pairs (estimate)", "sample_rows": "Sample rows",
    "published_pairs": "Published pairs", "published_threshold": "Published threshold", "share": "Share",
    "share_all": "Share of all pairs", "share_kept": "Share of pairs kept", "kept": "Kept (sample rows)",
    "removed": "Removed (sample rows)", "kept_estimate": "Kept (estimate)", "removed_estimate": "Removed (estimate)",
    "removed_share": "Share removed", "one_in": "One pair in", "captions_per_speaker": "Captions per speaker",
    "flagged": "Flagged (sample rows)", "flagged_estimate": "Flagged (estimate)", "share_flagged": "Share flagged",
    "published_share": "Published share", "t": "Threshold", "similarity": "Similarity from",
    "similarity_end": "Similarity to", "bin": "Bin (0.001)",
}


def column_label(key: str) -> str:
    """A readable header for a table column (screen-reader tables)."""
    return COLUMN_LABELS.get(key) or key.replace("_", " ").capitalize()


class ChartUnavailable(LookupError):
    """The chart needs a column this dataset does not have."""


def missing(ds: Dataset, chart: ChartDef) -> list[str]:
    """The columns a chart needs that the dataset lacks (empty: the chart is available)."""
    return [c for c in chart.needs if not ds.has(c)]


def available(ds: Dataset) -> list[ChartDef]:
    """The charts this dataset can draw, in story order."""
    return [c for c in CHARTS.values() if not missing(ds, c)]


def unavailable(ds: Dataset) -> list[tuple[ChartDef, list[str]]]:
    """The charts left out, each with the columns it misses (for the page's note)."""
    return [(c, m) for c in CHARTS.values() if (m := missing(ds, c))]


def get(ds: Dataset, chart_id: str) -> ChartDef:
    """A chart by id: KeyError when unknown, ChartUnavailable when its columns are missing."""
    chart = CHARTS[chart_id]
    if m := missing(ds, chart):
        raise ChartUnavailable(f"chart {chart_id!r} needs column(s) {', '.join(m)}, which this data lacks")
    return chart


def check_t(t: float) -> float:
    """A threshold in [0, 1] (ValueError otherwise), snapped to the 0.001 grid."""
    if not isinstance(t, int | float) or not math.isfinite(t) or not 0 <= t <= 1:
        raise ValueError(f"threshold must be a number between 0 and 1, not {t!r}")
    return _grid(t)[1]


def credit(ds: Dataset) -> str:
    """The credit line: data source from the manifest, synthetic or not, and the essay retold."""
    return " ".join(credit_lines(ds))


def credit_lines(ds: Dataset) -> list[str]:
    """The credit line in two short lines (for image subtitles, which do not wrap)."""
    m = ds.manifest
    name = m.get("dataset") or m.get("profile") or "dataset"
    if ds.synthetic:
        src = f"synthetic replica of {name} metadata, calibrated to published figures (1 row ≈ {ds.scale:,} pairs)"
    else:
        src = f"{name} metadata ({m.get('rows', 0):,} rows" + (f", 1 row ≈ {ds.scale:,} pairs)" if _approx(ds) else ")")
    return [f"Data: {src}.", f"After “{ESSAY_TITLE}” ({ESSAY_SOURCE})."]


class LRU:
    """A small thread-safe LRU cache (specs and rendered images are costly to rebuild)."""

    def __init__(self, maxsize: int) -> None:
        self.maxsize = maxsize
        self._d: OrderedDict[Hashable, Any] = OrderedDict()
        self._lock = threading.Lock()

    def get_or_set(self, key: Hashable, make: Callable[[], Any]) -> Any:
        with self._lock:
            if key in self._d:
                self._d.move_to_end(key)
                return self._d[key]
        value = make()  # outside the lock: two racing builds are harmless, a blocked server is not
        with self._lock:
            self._d[key] = value
            self._d.move_to_end(key)
            while len(self._d) > self.maxsize:
                self._d.popitem(last=False)
        return value

    def clear(self) -> None:
        with self._lock:
            self._d.clear()


_SPECS = LRU(256)


def _render_spec(ds: Dataset, chart: ChartDef, t: float, theme: str, width: int | None, standalone: bool) -> str:
    built = chart.build(ds, t)
    if standalone:
        subtitle = credit_lines(ds)
        if chart.live:
            subtitle.insert(0, f"Threshold t = {t:.3f}")
        built = built.properties(title=alt.Title(chart.title, subtitle=subtitle))
    spec = built.to_dict(validate=False)
    cfg = theme_config(theme)
    # everything that depends on the theme lives in config (no top-level background), so a page
    # can switch themes by swapping config alone
    spec["config"] = cfg
    spec["width"] = width if width else "container"
    spec["autosize"] = {"type": "fit-x", "contains": "padding"}
    spec["usermeta"] = {"chart": chart.id, "t": t, "live": chart.live, "theme": theme, "etag": ds.etag}
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


def _at(spec: dict[str, Any], ds: Dataset, chart: ChartDef, t: float, standalone: bool) -> dict[str, Any]:
    """Move a spec to threshold t: the param t, the "live" rows, and the texts that quote t."""
    if chart.live == "param":
        for p in spec.get("params", []):
            if p.get("name") == "t":
                p["value"] = t
    elif chart.live:
        _set_live_rows(spec, ds.threshold(t)[chart.live])
    if standalone and chart.live and isinstance(spec.get("title"), dict):
        spec["title"]["subtitle"][0] = f"Threshold t = {t:.3f}"
    spec["description"] = chart.describe(ds, t)
    spec["usermeta"]["t"] = t
    return spec


def chart_spec(ds: Dataset, chart_id: str, t: float, theme: str = "light", *, width: int | None = None,
               standalone: bool = False) -> dict[str, Any]:
    """The Vega-Lite spec of a chart at threshold t, width "container" unless `width` is given.

    `standalone` adds the title and the credit line (downloads and server renders). Raises KeyError
    for an unknown chart, ChartUnavailable when the data lacks its columns, ValueError for a bad t.
    The dict is the caller's to change (a fresh copy each call).
    """
    chart = get(ds, chart_id)
    t = check_t(t)
    theme = "dark" if theme == "dark" else "light"
    # a spec depends on t only through the param t and the "live" rows (the live-update contract),
    # so it is built once and moved to each t: cheap enough for every page view
    key = (ds.etag, chart_id, theme, width, standalone)
    base = default_t(ds)
    raw = _SPECS.get_or_set(key, lambda: _render_spec(ds, chart, base, theme, width, standalone))
    return _at(json.loads(raw), ds, chart, t, standalone)


def warm(ds: Dataset, themes: tuple[str, ...] = ("light", "dark")) -> None:
    """Build every available chart's spec once (a few hundred ms), e.g. in a start-up thread."""
    for chart in available(ds):
        for theme in themes:
            chart_spec(ds, chart.id, default_t(ds), theme)


def chart_json(ds: Dataset, chart_id: str, t: float, theme: str = "light", **kw: Any) -> str:
    """The spec as JSON that is safe inside an HTML <script> element (no '<', '>', '&', U+2028/9)."""
    text = json.dumps(chart_spec(ds, chart_id, t, theme, **kw), ensure_ascii=False)
    for ch, esc in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"), ("\u2028", "\\u2028"),
                    ("\u2029", "\\u2029")):
        text = text.replace(ch, esc)
    return text


def describe(ds: Dataset, chart_id: str, t: float) -> str:
    """The one-sentence description of a chart at t (alt text)."""
    return get(ds, chart_id).describe(ds, check_t(t))


def table(ds: Dataset, chart_id: str, t: float) -> list[dict[str, Any]]:
    """The rows behind a chart at t (a copy: callers may change it)."""
    return copy.deepcopy(get(ds, chart_id).table(ds, check_t(t)))
