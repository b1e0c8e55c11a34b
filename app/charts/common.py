"""What the step modules share: how counts are titled and worded, the subset colours, log ticks, the grid.

Every number in a sentence goes through app.core.format (the formatter the page's JavaScript
mirrors); this module only picks which of its functions a chart's counts call for.
"""

from __future__ import annotations

import math
import unicodedata
from typing import Any

import altair as alt

from app.charts.theme import CYCLE, GREY, SUBSET_COLOURS
from app.core import format as fmt
from app.core.dataset import Dataset
from app.core.figures import lowest_similarity, on_grid, subset_order
from app.core.threshold import MAX_T, Cut, as_cut
from precompute.contract.models import OTHER_SITE, Histogram
from precompute.contract.reference import essay_figures, figure

BIG_LABEL = "replace(format(datum.value, '~s'), 'G', 'B')"  # 2.3G -> 2.3B for axis labels


def approx(ds: Dataset) -> bool:
    """Whether counts are estimates (one sample row stands for many pairs)."""
    return ds.scale > 1


def amount(ds: Dataset, n: float) -> str:
    """A full-dataset count for a sentence: '≈2.32B' when estimated, '2,322,161,808' when counted."""
    return fmt.estimate(n) if approx(ds) else fmt.count(n)


def short_amount(ds: Dataset, n: float) -> str:
    """A full-dataset count for a label inside a chart: '≈2.32B', or '2.32B' when counted."""
    return fmt.estimate(n) if approx(ds) else fmt.compact(n)


def rate(x: float) -> str:
    """A rate for a label inside a chart: '114', '1.6', or '1/407' below one in two."""
    return fmt.ratio(x) if x >= 0.5 or x <= 0 else f"1/{fmt.ratio(1 / x)}"


def per(x: float, unit: str) -> str:
    """A rate in words: '114 per speaker', or '1 per 407 speakers' below one in two."""
    return f"{fmt.ratio(x)} per {unit}" if x >= 0.5 or x <= 0 else f"1 per {fmt.ratio(1 / x)} {unit}s"


def approx_prefix(ds: Dataset) -> str:
    """The start of a Vega expression that marks an estimate ('≈' + ...), empty for exact counts."""
    return f"'{fmt.APPROX}' + " if approx(ds) else ""


def pairs_title(ds: Dataset, what: str = "Pairs") -> str:
    if ds.synthetic:
        return f"{what} (estimate, synthetic replica)"
    return f"{what} (estimate)" if approx(ds) else what


def source_sentence(ds: Dataset) -> str:
    """The sentence after a description with counts: where they come from and what one row stands for."""
    if ds.synthetic:
        return (" Counts are full-dataset estimates from the synthetic replica "
                f"(one sample row stands for {fmt.count(ds.scale)} pairs).")
    if approx(ds):
        return f" Counts are full-dataset estimates (one sample row stands for {fmt.count(ds.scale)} pairs)."
    return ""


def data_note(ds: Dataset) -> str:
    """For descriptions with shares but no counts: say where the shares come from."""
    return " Shares are estimates from the synthetic replica." if ds.synthetic else ""


def built_in(ds: Dataset, what: str) -> str:
    """On the replica, the sentence that says a figure read back was built into it (issue 11): an input
    of the generator, not a finding; on real data nothing."""
    return f" On the synthetic replica {what} built in by its generator to match the essay." if ds.synthetic else ""


def clean_label(s: object, limit: int = 60) -> str:
    """Untrusted text (domains) as a plain label: no control characters, bounded length.

    Vega escapes text in SVG and its tooltips, and the CSV writer escapes formulas; this only
    keeps odd bytes and very long names from breaking the layout.
    """
    text = "".join(ch if unicodedata.category(ch)[0] != "C" else " " for ch in str(s))
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def subset_scale(ds: Dataset) -> alt.Scale:
    """Subset colours: LAION's three keep theirs in every chart, other subsets take the spare ones."""
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


def fig(fid: str) -> float | None:
    """A published figure from the cited table, or None when the table has no such row."""
    return figure(fid) if fid in essay_figures() else None


def t_params(ds: Dataset, t: float | Cut) -> list[alt.Parameter]:
    """The top-level params `t` (the lowest cut) and `d` (the offset, -1 in the absolute mode) that
    live == "param" charts declare; the page moves them with the slider (charts/specs.py param_values)."""
    t = as_cut(t)
    lowest = t.lowest(ds.payload)
    return [alt.param(name="t", value=on_grid(lowest)), alt.param(name="d", value=t.d if t.d is not None else -1.0)]


# ---- live descriptions: a description as parts, plain text with numbers that follow the slider. A live
# part carries the data-stat key and the format (data-format) by which static/js/explainer-core.js
# re-formats it from the JS arithmetic; the server formats it here with the same formatter.
Parts = list[str | dict[str, Any]]


def live(text: str, key: str, kind: str, value: Any = None) -> dict[str, Any]:
    """A number of a description that the slider updates (rendered like a prose Num: data-stat=key)."""
    return {"kind": "num", "text": text, "key": key, "fmt": kind, "value": value}


def plain_parts(parts: Parts) -> str:
    return "".join(p if isinstance(p, str) else p["text"] for p in parts)


def live_amount(ds: Dataset, key: str, rows: float) -> dict[str, Any]:
    """Sample rows as a full-dataset count (amount), live under `key`."""
    return live(amount(ds, rows * ds.scale), key, "amount", rows)


def live_cut(st: dict[str, Any]) -> dict[str, Any]:
    """Where the page cuts, for a sentence, live."""
    return live(cut_text(st), "cut", "at_cut", st["d"] if st["mode"] == "offset" else st["t"])


def cut_text(st: dict[str, Any]) -> str:
    """Where the arithmetic's answer `st` cuts, for a sentence: 'a threshold of 0.280' or
    'each subset's published threshold +0.010'."""
    return fmt.at_cut(st["t"], st["d"])


def bin_at(h: Histogram, x: float) -> int:
    """The bin of histogram `h` whose lower edge is at x (x on its grid: a threshold or a cut-off)."""
    return math.floor(x / h.bin_width + 0.5)


def edge(h: Histogram, k: int) -> float:
    """The lower edge of bin k of histogram `h`, as the decimal it stands for (0.285, not 0.28500000000000003)."""
    return round(k * h.bin_width, max(0, -math.floor(math.log10(h.bin_width))))


def published_rules(ds: Dataset) -> list[dict[str, Any]]:
    """The published thresholds, one row per value with the subsets that used it, highest first."""
    by_value: dict[float, list[str]] = {}
    for s in ds.subsets:
        if s.published_threshold is not None:
            by_value.setdefault(s.published_threshold, []).append(s.name)
    order = subset_order(ds)
    return [{"threshold": v, "subsets": sorted(names, key=order.index),
             "label": f"published {fmt.score(v)}: {', '.join(sorted(names, key=order.index))}"}
            for v, names in sorted(by_value.items(), reverse=True)]


def t_grid(ds: Dataset, step: float = 0.005) -> list[float]:
    """Thresholds across the slider's range, for axis domains that must not jump while it moves."""
    lo = lowest_similarity(ds)
    n = max(int((MAX_T - lo) / step), 0)
    return [lo + i * step for i in range(n + 1)] + [MAX_T]


def mix_domain(ds: Dataset, key: str, log: bool) -> list[float]:
    """Axis domain covering every threshold on the slider, so the axis stays put while it moves.

    On a log axis the lower end follows the shares of all pairs (a language that all but vanishes
    at a high t is pinned to the left edge instead of stretching the axis over decades).
    """
    vals = []
    if log:
        shares = [r["share_all"] for r in ds.threshold(0)[key] if r["share_all"] > 0]
        kept = [r["share_kept"] for tt in t_grid(ds) for r in ds.threshold(tt)[key]]
        if shares:
            return [float(f"{min(shares) / 4:.1g}"), min(1.0, float(f"{max(shares + kept) * 1.4:.2g}"))]
    for tt in t_grid(ds):
        for r in ds.threshold(tt)[key]:
            if key == "sites" and r["site"] == OTHER_SITE:
                continue
            vals += [v for v in (r["share_all"], r["share_kept"]) if v > 0]
    if not vals:
        return [0.0001, 1.0] if log else [0.0, 1.0]
    if log:
        return [float(f"{min(vals) * 0.7:.2g}"), min(1.0, float(f"{max(vals) * 1.4:.2g}"))]
    return [0.0, min(1.0, max(vals) * 1.3)]

