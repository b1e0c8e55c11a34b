"""Step 5, the great divide: captions per speaker ("languages"), the language mix of what remains
("language_mix", live rows "languages"), the Luxembourgish anomaly ("luxembourgish") and whether two
detectors agree with the labels ("language_check")."""

from __future__ import annotations

import math
from typing import Any

import altair as alt

from app.charts.common import (
    Parts,
    amount,
    built_in,
    data_note,
    fig,
    live,
    live_cut,
    log_ticks,
    mix_domain,
    pairs_title,
    per,
    plain_parts,
    rate,
    source_sentence,
)
from app.charts.theme import BLUE, GREY, VERMILLION
from app.charts.width import by_width, log_labels, narrow_test, wrap_title
from app.core import format as fmt
from app.core.dataset import Dataset
from app.core.figures import language_pairs
from app.core.languages import language_name
from app.core.threshold import Cut
from precompute.contract.reference import speakers

NAMED_LANGUAGES = ("en", "ru", "fr", "de", "sw", "nl", "is", "lb")  # the essay's examples
CHECKED_LABELS = 14  # the largest labels by pairs; the essay's named languages are added

# ---------------------------------------------------------------------------------------------
# what each chart needs the data to hold (registry.ChartDef.shows): None when it holds it


def _labels(ds: Dataset) -> set[str]:
    return {c for c, n in language_pairs(ds).items() if n and c not in ("und", "")}


def languages_lack(ds: Dataset) -> str | None:
    known = _labels(ds) & set(speakers())
    return None if len(known) >= 2 else "captions labelled in two or more languages"


def language_mix_lack(ds: Dataset) -> str | None:
    return None if len(_labels(ds)) >= 2 else "captions labelled in two or more languages"


def luxembourgish_lack(ds: Dataset) -> str | None:
    return None if "lb" in _labels(ds) else "captions labelled Luxembourgish (lb)"


def language_check_lack(ds: Dataset) -> str | None:
    return None if ds.aggregates.language_check.labels else "language labels to check"


# ---------------------------------------------------------------------------------------------
# languages: captions per speaker


def languages_table(ds: Dataset, t: float) -> list[dict[str, Any]]:
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
                     # "114 per speaker" / "1 per 35 speakers", and in the chart "114" / "1/35"
                     "label": per(ratio, "speaker"), "short": rate(ratio)})
    rows.sort(key=lambda r: -r["captions_per_speaker"])
    return rows


def languages_build(ds: Dataset, t: float) -> alt.TopLevelMixin:
    rows = languages_table(ds, t)
    ratios = [r["captions_per_speaker"] for r in rows] or [1.0]
    dom = [10 ** math.floor(math.log10(min(ratios + [1.0]))), 10 ** math.ceil(math.log10(max(ratios + [1.0])) + 0.5)]
    xs = alt.Scale(type="log", domain=dom, nice=False)
    base = alt.Chart(alt.Data(values=rows)).transform_calculate(
        group="datum.named ? 'the essay’s examples' : 'other languages'").encode(
        y=alt.Y("language:N", title=None, sort=alt.EncodingSortField("captions_per_speaker", order="descending")),
        x=alt.X("captions_per_speaker:Q", scale=xs, title="Captions per speaker (log scale)",
                axis=alt.Axis(format=",~g", labelExpr=log_labels(), values=log_ticks(*dom))),
        tooltip=[alt.Tooltip("language:N", title="Language"),
                 alt.Tooltip("pairs_estimate:Q", title=pairs_title(ds, "Captions"), format=",.0f"),
                 alt.Tooltip("speakers:Q", title="Speakers", format=",.0f"),
                 alt.Tooltip("captions_per_speaker:Q", title="Captions per speaker", format=",.3~g"),
                 alt.Tooltip("speakers_source:N", title="Speakers: source")],
    )
    stems = base.transform_calculate(lo=str(dom[0])).mark_rule(opacity=0.5).encode(
        x=alt.X("lo:Q", scale=xs), x2="captions_per_speaker:Q")
    dots = base.mark_point(size=90).encode(
        color=alt.Color("group:N", title=None, scale=alt.Scale(domain=["the essay’s examples", "other languages"],
                                                                range=[VERMILLION, GREY]),
                        # the legend starts where the plot does, right of the language names
                        legend=alt.Legend(labelExpr=f"{narrow_test()} ? replace(datum.label, 'the ', '') "
                                                    ": datum.label")))
    labels = base.mark_text(align="left", dx=8, fontSize=11).encode(text="short:N")
    one = alt.Chart(alt.Data(values=[{"x": 1.0, "label": "1 caption per speaker"}]))
    ref = one.mark_rule(strokeDash=[4, 3], opacity=0.6).encode(x=alt.X("x:Q", scale=xs))
    return alt.layer(stems, ref, dots, labels).properties(height=alt.Step(20))


def languages_describe(ds: Dataset, t: float) -> str:
    named = [r for r in languages_table(ds, t) if r["named"]]
    if not named:
        return "No captions in the languages with speaker figures."
    parts = "; ".join(f"{r['language']} {r['label']}" for r in named)
    return (f"Captions per speaker, from the detector's labels and cited speaker counts: {parts}."
            f"{source_sentence(ds)}{built_in(ds, 'these ratios were')}")


# ---------------------------------------------------------------------------------------------
# language_mix (live): each language's share of what remains


def _language_names(ds: Dataset) -> list[dict[str, str]]:
    codes = {r.code for r in ds.aggregates.languages} | {"other"}
    return [{"code": c, "name": language_name(c)} for c in sorted(codes)]


def language_mix_table(ds: Dataset, t: Cut) -> list[dict[str, Any]]:
    st = ds.threshold(t)
    return [{"code": r["code"], "language": language_name(r["code"]), "cut": fmt.cut(st["t"], st["d"]),
             "pairs": r["pairs"],
             "kept": r["kept"], "share_all": r["share_all"], "share_kept": r["share_kept"],
             "change": (r["share_kept"] / r["share_all"] - 1) if r["share_all"] else None}
            for r in st["languages"]]


def language_mix_build(ds: Dataset, t: Cut) -> alt.TopLevelMixin:
    rows = ds.threshold(t)["languages"]
    live = alt.InlineData(values=rows, name="live")
    dom = mix_domain(ds, "languages", True)
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
                     axis=alt.Axis(format="~%", labelExpr=log_labels(), values=log_ticks(*dom))),
        color=alt.Color("measure:N", title=None, scale=alt.Scale(domain=measures, range=[GREY, BLUE])),
        shape=alt.Shape("measure:N", title=None, scale=alt.Scale(domain=measures, range=["circle", "diamond"])),
        tooltip=tips)
    return (link + dots).properties(height=alt.Step(22))


def language_mix_describe_live(ds: Dataset, t: Cut) -> Parts:
    rows = [r for r in language_mix_table(ds, t) if r["change"] is not None]
    if not rows:
        return ["No language data."]
    # sorted() is stable: the first of equal losers, the last of equal gainers (explainer-core.js mover())
    movers = sorted(rows, key=lambda r: r["change"])
    lo, hi = movers[0], movers[-1]

    def moved(r: dict[str, Any], key: str) -> dict[str, Any]:
        # two decimals: the small languages hold well under one percent
        return live(fmt.mover(r["language"], r["share_all"], r["share_kept"]), key, "mover", r["share_kept"])

    return ["Language mix of the pairs kept at ", live_cut(ds.threshold(t)),
            " against all pairs: the biggest loser is ", moved(lo, "mover.lo"),
            ", the biggest gainer ", moved(hi, "mover.hi"), f".{data_note(ds)}"]


def language_mix_describe(ds: Dataset, t: Cut) -> str:
    return plain_parts(language_mix_describe_live(ds, t))


# ---------------------------------------------------------------------------------------------
# luxembourgish: captions per speaker and per Common Crawl page


def luxembourgish_table(ds: Dataset, t: float) -> list[dict[str, Any]]:
    pairs = language_pairs(ds)
    total = sum(pairs.values()) * ds.scale
    lb = pairs.get("lb", 0) * ds.scale
    en = pairs.get("en", 0) * ds.scale
    sp = speakers()
    cc_lb, cc_ratio = fig("lb_cc_pages"), fig("lb_cc_pages_ratio")
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
        share = r["group"] == "share"
        r["label"] = fmt.one_in(r["value"]) if share else rate(r["value"])
        r["row"] = r["measure"] if share else f"{r['measure']}: {r['group']}"
        # a narrow box: the axis title says "Captions", so "per speaker" is enough
        r["row_short"] = r["measure"] if share else f"{r['measure']}: {r['group'].removeprefix('captions ')}"
    return rows


def luxembourgish_build(ds: Dataset, t: float) -> alt.TopLevelMixin:
    rows = [r for r in luxembourgish_table(ds, t) if r["group"] != "share"]
    vals = [r["value"] for r in rows] or [1.0]
    xs = alt.Scale(type="log", domain=[10 ** math.floor(math.log10(min(vals))),
                                       10 ** math.ceil(math.log10(max(vals)) + 0.4)], nice=False)
    base = alt.Chart(alt.Data(values=rows)).encode(
        y=alt.Y("row:N", sort=None, title=None, axis=None),
        x=alt.X("value:Q", scale=xs, title="Captions (log scale)",
                axis=alt.Axis(format=",~g", labelExpr=log_labels(), values=log_ticks(*xs.domain))),
        tooltip=[alt.Tooltip("group:N", title="Measure"), alt.Tooltip("measure:N", title="Of"),
                 alt.Tooltip("value:Q", title="Value", format=",.3~g"), alt.Tooltip("source:N", title="Source")],
    )
    dots = base.mark_point(size=110).encode(
        color=alt.Color("who:N", title=None, scale=alt.Scale(domain=["Luxembourgish", "comparison"],
                                                             range=[VERMILLION, GREY]))).transform_calculate(
        who="datum.luxembourgish ? 'Luxembourgish' : 'comparison'")
    values = base.mark_text(align="left", dx=9, fontWeight="bold").encode(text="label:N")
    names = base.transform_calculate(name=f"{narrow_test()} ? datum.row_short : datum.row").mark_text(
        align="left", baseline="bottom", dy=-10, fontSize=12).encode(x=alt.value(0), text="name:N")
    return alt.layer(dots, values, names).properties(height=alt.Step(54))


def luxembourgish_describe(ds: Dataset, t: float) -> str:
    rows = {(r["group"], r["measure"]): r for r in luxembourgish_table(ds, t)}
    lb = language_pairs(ds).get("lb", 0) * ds.scale
    out = [f"The detector labelled {amount(ds, lb)} captions Luxembourgish"]
    if (r := rows.get(("captions per speaker", "Luxembourgish"))) is not None:
        out.append(per(r["value"], "speaker"))
    if (r := rows.get(("captions per speaker", "English"))) is not None:
        out.append(f"against {per(r['value'], 'speaker')} for English")
    s = ", ".join(out)
    a = rows.get(("share", "Luxembourgish share of captions"))
    b = rows.get(("share", "Luxembourgish share of Common Crawl pages"))
    if a and b:
        s += f"; that is {a['label']} captions, while only {b['label']} Common Crawl pages is in Luxembourgish"
    return s + "." + source_sentence(ds) + built_in(ds, "the Luxembourgish count and ratios were")


# ---------------------------------------------------------------------------------------------
# language_check: CLD3 (rerun) and lingua against the labels


def language_check_table(ds: Dataset, t: float) -> list[dict[str, Any]]:
    """Per language label: how often CLD3 (rerun) and lingua agree with it on the sampled captions."""
    ranked = sorted(ds.aggregates.language_check.labels, key=lambda r: (-r.pairs, r.code))
    shown = ranked[:CHECKED_LABELS] + [r for r in ranked[CHECKED_LABELS:] if r.code in NAMED_LANGUAGES]
    return [{
        "code": r.code, "language": language_name(r.code),
        "pairs_estimate": r.pairs * ds.scale, "sampled": r.n,
        "cld3_agree": r.cld3_agree,
        "lingua_agree": r.lingua_agree if r.lingua_knows else None,
        "both_agree": r.both_agree if r.lingua_knows else None,
        "lingua_knows": r.lingua_knows,
        "lingua_says": ", ".join(f"{language_name(x.code)} {fmt.percent(x.share)}" for x in r.lingua_top),
    } for r in shown]


def language_check_build(ds: Dataset, t: float) -> alt.TopLevelMixin:
    rows = language_check_table(ds, t)
    for r in rows:  # the chart has room for lingua's first answer only (the tooltip has them all)
        first, *more = r["lingua_says"].split(", ") if r["lingua_says"] else [""]
        r["lingua_first"] = first + (", …" if more else "")
    order = [r["language"] for r in rows]
    base = alt.Chart(alt.Data(values=rows)).encode(
        y=alt.Y("language:N", title=None, sort=order),
        tooltip=[alt.Tooltip("language:N", title="Label"),
                 alt.Tooltip("sampled:Q", title="Captions sampled"),
                 alt.Tooltip("cld3_agree:Q", title="CLD3 (rerun) agrees", format=".0%"),
                 alt.Tooltip("lingua_agree:Q", title="lingua agrees", format=".0%"),
                 alt.Tooltip("lingua_says:N", title="lingua's answers")],
    )
    x = alt.X("both_agree:Q", title=wrap_title("Share of sampled captions both detectors give this label"),
              scale=alt.Scale(domain=[0, 1]), axis=alt.Axis(format="%", tickCount=by_width(2, 5)))
    bars = base.transform_filter("datum.lingua_knows").mark_bar(color=BLUE).encode(x=x)
    values = base.transform_filter("datum.lingua_knows").mark_text(align="left", dx=4, fontSize=11).encode(
        x=x, text=alt.Text("both_agree:Q", format=".0%"))
    unknown = base.transform_filter("!datum.lingua_knows").transform_calculate(
        # two lines in a narrow box (rows are 22 px: two lines of 10 px text fit one)
        x0="0", note="'lingua has no ' + datum.language + ';' + "
                     f"({narrow_test()} ? '\\nread as ' : ' it reads them as ') + datum.lingua_first").mark_text(
        align="left", dx=4, fontSize=by_width(10, 11), lineHeight=11, lineBreak="\n", fontStyle="italic",
        color=GREY).encode(x=alt.X("x0:Q"), text="note:N")
    return alt.layer(bars, values, unknown).properties(height=alt.Step(22))


def language_check_describe(ds: Dataset, t: float) -> str:
    rows = language_check_table(ds, t)
    if not rows:
        return "This data holds no language labels to check."
    known = [r for r in rows if r["lingua_knows"]]
    parts = "; ".join(f"{r['language']} {fmt.percent(r['both_agree'])}" for r in known[:6])
    lacking = [r for r in rows if not r["lingua_knows"]]
    tail = "".join(f" lingua has no {r['language']}; it reads those captions as {r['lingua_says']}." for r in lacking)
    made = (" On the synthetic replica this reflects how its captions were generated, not LAION's."
            if ds.synthetic else "")
    return f"Share of sampled captions that both detectors give their label: {parts}.{tail}{made}"
