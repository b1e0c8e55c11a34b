"""The threshold arithmetic: the one function behind /api/threshold, the no-JS page and the slider.

Everything works on cumulative histograms at 0.001 resolution. `threshold_payload` is the data
the page ships to the browser; static/js/threshold.js is a line-for-line port of
`threshold_stats` over that same payload (tests/test_threshold_js.py checks they agree).

Two modes, one function (`threshold_stats`):
- absolute (t): one cut for every subset. A pair with similarity s is removed when
  floor(1000·s) < round(1000·t), i.e. s < t on the 0.001 grid. Every pair in the data passed the
  published filter, so `removed` counts the pairs the published thresholds let in that t would drop
  (including those whose released score is below their own subset's threshold: see below).
- offset (d): each subset's cut is its own published threshold raised by d (the essay's "+0.01"
  experiment). Removed are the pairs at or above their subset's published threshold and below the
  raised cut. Pairs whose released score already lies below their own published threshold (about one
  in six of laion2B-multi: the released score is not the one every pair passed) are never removed by
  an offset: raising a cut cannot be what drops them, so d = 0 removes nothing. A subset without a
  published threshold has no cut to raise and loses nothing.
Pairs without a similarity (null or NaN) are never removed: nothing can be said about them.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from precompute.contract.models import BIN_WIDTH, Aggregates, Histogram, Manifest

BINS_PER_UNIT = 1000
MAX_T = 0.5  # the slider's upper end: scores top out near 0.5
MAX_D = 0.5  # the largest offset the API accepts (every cut then lies above every score)


def bin_of(t: float) -> int:
    """Threshold -> bin index; floor(x + 0.5) so Python and JavaScript round alike."""
    return math.floor(t * BINS_PER_UNIT + 0.5)


@dataclass(frozen=True)
class Cut:
    """Where a page cuts: one absolute threshold `t` for every subset, or (offset mode) every subset's own
    published threshold raised by `d`. Exactly one of the two is set, on the 0.001 grid; hashable, so
    caches key on it."""

    t: float | None = None
    d: float | None = None

    def __post_init__(self) -> None:
        if (self.t is None) == (self.d is None):
            raise ValueError("a cut is one absolute threshold t or one offset d")
        if not math.isfinite(self.value):
            raise ValueError(f"a cut must be a finite number, not {self.value!r}")
        # on the grid, so two spellings of one position are one cache key
        object.__setattr__(self, "t", None if self.t is None else bin_of(self.t) / BINS_PER_UNIT)
        object.__setattr__(self, "d", None if self.d is None else bin_of(self.d) / BINS_PER_UNIT)

    @property
    def offset(self) -> bool:
        return self.d is not None

    @property
    def value(self) -> float:
        """t, or d in the offset mode."""
        return self.d if self.d is not None else self.t  # type: ignore[return-value]

    @property
    def param(self) -> str:
        """The query parameter that names this cut: "t" or "d"."""
        return "d" if self.offset else "t"

    def lowest(self, payload: dict[str, Any]) -> float:
        """The lowest similarity any subset is cut at (t itself; in the offset mode the lowest published + d)."""
        if not self.offset:
            return self.value
        cuts = [s["cut"] for s in threshold_stats(payload, None, self.d)["subsets"] if s["cut"] is not None]
        return min(cuts, default=0.0)


def as_cut(t: float | Cut) -> Cut:
    """A bare float is an absolute threshold."""
    return t if isinstance(t, Cut) else Cut(t=t)


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
    rest = [k for k, _ in langs[top_languages:]]
    other_parts: dict[str, list[Histogram]] = {}
    for k in rest:
        for sub, h in sim.language_subsets.get(k, {}).items():
            other_parts.setdefault(sub, []).append(h)
    return {
        "scale": manifest.scale,
        "subsets": [{"name": s.name, "published_threshold": s.published_threshold, **cumulative(sim.subsets[s.name])}
                    for s in manifest.subsets if s.name in sim.subsets],
        "sites": [{"key": k, **cumulative(h)} for k, h in sorted(sim.sites.items())],
        "languages": [{"key": k, **cumulative(h)} for k, h in langs[:top_languages]],
        "languages_other": _sum_series([h for _, h in langs[top_languages:]]),
        # per-subset parts of the same series, for the offset mode (empty in older aggregates)
        "has_parts": bool(sim.site_subsets or not sim.sites),
        "site_parts": {k: _parts(v) for k, v in sorted(sim.site_subsets.items())},
        "language_parts": {k: _parts(sim.language_subsets.get(k, {})) for k, _ in langs[:top_languages]},
        "languages_other_parts": {sub: _sum_series(hs) for sub, hs in sorted(other_parts.items())},
    }


def _parts(by_subset: dict[str, Histogram]) -> dict[str, dict[str, Any]]:
    return {sub: cumulative(h) for sub, h in sorted(by_subset.items())}


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


def _cuts(payload: dict[str, Any], t: float | None, d: float | None) -> dict[str, tuple[int, int, float | None]]:
    """Per subset (cut bin, floor bin, cut): pairs in bins [floor, cut) are removed.

    Absolute mode: the cut is t for every subset, the floor 0. Offset mode: the cut is the subset's
    published threshold + d and the floor the published threshold; no published threshold, no cut.
    """
    out = {}
    for s in payload["subsets"]:
        pub = s["published_threshold"]
        if d is None:
            k = bin_of(t or 0.0)
            out[s["name"]] = (k, 0, k / BINS_PER_UNIT)
        elif pub is None:
            out[s["name"]] = (0, 0, None)
        else:
            f = bin_of(pub)
            out[s["name"]] = (f + bin_of(d), f, (f + bin_of(d)) / BINS_PER_UNIT)
    return out


def _removed(series: dict[str, Any], k: int, floor: int) -> int:
    return below(series, k) - below(series, floor)


def _mix(series: list[dict[str, Any]], removed: list[int], key: str) -> list[dict[str, Any]]:
    kept = [total(s) - r for s, r in zip(series, removed, strict=True)]
    all_ = [total(s) for s in series]
    kept_sum, all_sum = sum(kept), sum(all_)
    return [{key: s["key"], "kept": kk, "pairs": a,
             "share_kept": kk / kept_sum if kept_sum else 0.0,
             "share_all": a / all_sum if all_sum else 0.0}
            for s, kk, a in zip(series, kept, all_, strict=True)]


def _mix_removed(series: list[dict[str, Any]], parts: list[dict[str, Any]], cuts: dict[str, tuple[int, int, Any]],
                 offset: bool, k: int) -> list[int]:
    """Pairs each series loses: one cut for all (absolute), or each subset's part at its own cut (offset)."""
    if not offset:
        return [below(s, k) for s in series]
    return [sum(_removed(p, *cuts[sub][:2]) for sub, p in ps.items() if sub in cuts) for ps in parts]


def threshold_stats(payload: dict[str, Any], t: float | None = None, d: float | None = None) -> dict[str, Any]:
    """Pairs kept and removed, in total, per subset, and the site and language mix: at one absolute
    threshold t, or (d given) with every subset's cut raised by d above its own published threshold."""
    offset = d is not None
    cuts = _cuts(payload, t, d)
    k = bin_of(t or 0.0)
    subsets = []
    next_001 = 0
    for s in payload["subsets"]:
        rows = total(s)
        ck, floor, cut = cuts[s["name"]]
        removed = _removed(s, ck, floor)
        pub = s["published_threshold"]
        if cut is not None:
            next_001 += below(s, ck + 10) - below(s, ck)
        subsets.append({
            "name": s["name"], "rows": rows, "kept": rows - removed, "removed": removed,
            "removed_share": removed / rows if rows else 0.0,
            "published_threshold": pub, "cut": cut,
            "below_published": below(s, bin_of(pub)) if pub is not None else None,
        })
    rows = sum(s["rows"] for s in subsets)
    removed = sum(s["removed"] for s in subsets)
    others = payload["languages_other"]
    langs = payload["languages"] + ([{"key": "other", **others}] if total(others) else [])
    mixes = not offset or payload["has_parts"]
    lang_parts = [payload["language_parts"].get(s["key"], {}) for s in payload["languages"]]
    lang_parts += [payload["languages_other_parts"]] if total(others) else []
    site_parts = [payload["site_parts"].get(s["key"], {}) for s in payload["sites"]]
    return {
        "mode": "offset" if offset else "absolute",
        "t": None if offset else k / BINS_PER_UNIT,
        "d": bin_of(d) / BINS_PER_UNIT if offset else None,
        "rows": rows,
        "kept": rows - removed,
        "removed": removed,
        "removed_share": removed / rows if rows else 0.0,
        "next_001": next_001,
        "next_001_share": next_001 / rows if rows else 0.0,
        "scale": payload["scale"],
        "subsets": subsets,
        "sites": _mix(payload["sites"], _mix_removed(payload["sites"], site_parts, cuts, offset, k), "site")
        if mixes else [],
        "languages": _mix(langs, _mix_removed(langs, lang_parts, cuts, offset, k), "code") if mixes else [],
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
