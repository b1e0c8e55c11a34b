"""The threshold arithmetic: the one function behind /api/threshold, the no-JS page and the slider.

Everything works on cumulative histograms at 0.001 resolution. `threshold_payload` is the data
the page ships to the browser; static/js/threshold.js is a line-for-line port of
`threshold_stats` over that same payload (tests/test_threshold_js.py checks they agree).

Semantics: a pair with similarity s is removed at threshold t when floor(1000·s) < round(1000·t),
i.e. s < t on the 0.001 grid. Every pair in the data passed the published filter, so `removed`
counts the pairs the published thresholds let in that a threshold t would drop. Pairs without a
similarity (null or NaN) are never removed: nothing can be said about them.
"""

from __future__ import annotations

import math
from typing import Any

from precompute.contract.models import BIN_WIDTH, Aggregates, Histogram, Manifest

BINS_PER_UNIT = 1000
MAX_T = 0.5  # the slider's upper end: scores top out near 0.5


def bin_of(t: float) -> int:
    """Threshold -> bin index; floor(x + 0.5) so Python and JavaScript round alike."""
    return math.floor(t * BINS_PER_UNIT + 0.5)


def cumulative(hist: Histogram) -> dict[str, Any]:
    """A histogram -> {lo, cum, extra}: cum[j] = pairs in bins below lo + j; extra = nulls and invalid values."""
    cum = [0]
    for c in hist.counts:
        cum.append(cum[-1] + c)
    return {"lo": hist.lo, "cum": cum, "extra": hist.null + hist.invalid}


def below(series: dict[str, Any], k: int) -> int:
    """Pairs of a cumulative series with a similarity bin below k."""
    j = k - series["lo"]
    cum = series["cum"]
    if j <= 0:
        return 0
    if j >= len(cum):
        return cum[-1]
    return cum[j]


def total(series: dict[str, Any]) -> int:
    return series["cum"][-1] + series["extra"]


def threshold_payload(agg: Aggregates, manifest: Manifest, top_languages: int = 12) -> dict[str, Any]:
    """The cumulative histograms and constants the arithmetic needs (also shipped to the browser)."""
    sim = agg.similarity
    langs = sorted(sim.languages.items(), key=lambda kv: -sum(kv[1].counts))
    return {
        "scale": manifest.scale,
        "subsets": [{"name": s.name, "published_threshold": s.published_threshold, **cumulative(sim.subsets[s.name])}
                    for s in manifest.subsets if s.name in sim.subsets],
        "sites": [{"key": k, **cumulative(h)} for k, h in sorted(sim.sites.items())],
        "languages": [{"key": k, **cumulative(h)} for k, h in langs[:top_languages]],
        "languages_other": _sum_series([h for _, h in langs[top_languages:]]),
    }


def sum_histograms(hists: list[Histogram]) -> Histogram:
    """Bin-by-bin sum of histograms on one grid (an empty histogram when there are none)."""
    if not hists:
        return Histogram(bin_width=BIN_WIDTH, lo=0, counts=[], null=0, invalid=0)
    lo = min(h.lo for h in hists)
    hi = max(h.lo + len(h.counts) for h in hists)
    counts = [0] * (hi - lo)
    for h in hists:
        for i, c in enumerate(h.counts):
            counts[h.lo - lo + i] += c
    return Histogram(bin_width=hists[0].bin_width, lo=lo, counts=counts, null=sum(h.null for h in hists),
                     invalid=sum(h.invalid for h in hists))


def _sum_series(hists: list[dict[str, Any]]) -> dict[str, Any]:
    return cumulative(sum_histograms(hists))


def _mix(series: list[dict[str, Any]], k: int, key: str) -> list[dict[str, Any]]:
    kept = [total(s) - below(s, k) for s in series]
    all_ = [total(s) for s in series]
    kept_sum, all_sum = sum(kept), sum(all_)
    return [{key: s["key"], "kept": kk, "pairs": a,
             "share_kept": kk / kept_sum if kept_sum else 0.0,
             "share_all": a / all_sum if all_sum else 0.0}
            for s, kk, a in zip(series, kept, all_, strict=True)]


def threshold_stats(payload: dict[str, Any], t: float) -> dict[str, Any]:
    """Pairs kept and removed at threshold t, in total, per subset, and the site and language mix."""
    k = bin_of(t)
    subsets = []
    for s in payload["subsets"]:
        rows = total(s)
        removed = below(s, k)
        pub = s["published_threshold"]
        subsets.append({
            "name": s["name"], "rows": rows, "kept": rows - removed, "removed": removed,
            "removed_share": removed / rows if rows else 0.0,
            "published_threshold": pub,
            "below_published": below(s, bin_of(pub)) if pub is not None else None,
        })
    rows = sum(s["rows"] for s in subsets)
    removed = sum(s["removed"] for s in subsets)
    next_001 = sum(below(s, k + 10) - below(s, k) for s in payload["subsets"])
    others = payload["languages_other"]
    langs = payload["languages"] + ([{"key": "other", **others}] if total(others) else [])
    return {
        "t": k / BINS_PER_UNIT,
        "rows": rows,
        "kept": rows - removed,
        "removed": removed,
        "removed_share": removed / rows if rows else 0.0,
        "next_001": next_001,
        "next_001_share": next_001 / rows if rows else 0.0,
        "scale": payload["scale"],
        "subsets": subsets,
        "sites": _mix(payload["sites"], k, "site"),
        "languages": _mix(langs, k, "code"),
    }


def near_threshold(payload: dict[str, Any], width: float = 0.01) -> dict[str, Any]:
    """Pairs within `width` above their own subset's published threshold (the essay's +0.01 figure)."""
    n = 0
    rows = 0
    for s in payload["subsets"]:
        rows += total(s)
        if s["published_threshold"] is not None:
            k = bin_of(s["published_threshold"])
            n += below(s, k + bin_of(width)) - below(s, k)
    return {"pairs": n, "share": n / rows if rows else 0.0, "width": width}
