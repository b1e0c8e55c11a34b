"""Numbers for prose: formatted by app/core/format.py, each with a note of where it came from.

Every number in the story comes from the aggregates (`Dataset`) or from the cited reference tables
in precompute/contract/reference (`Numbers.ref`); `Numbers.sources` collects which, and the method
step lists them.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from app.core import format as fmt
from app.core.dataset import Dataset
from app.core.threshold import Cut, as_cut
from app.story.model import Num
from precompute.contract.reference import essay_figures


def stat_value(stats: dict[str, Any], key: str) -> float:
    """The value behind a data-stat key: 'removed', 'removed.laion2B-en', 'site_share.Pinterest'.

    explainer.js resolves keys the same way (statValue) over thresholdStats().
    """
    if key == "cut":  # where the page cuts: t, or d in the offset mode (formatted by fmt.cut with both)
        return stats["d"] if stats["mode"] == "offset" else stats["t"]
    if "." not in key:
        return stats[key]
    name_field, name = key.split(".", 1)
    if name_field == "site_share":
        return next(r["share_kept"] for r in stats["sites"] if r["site"] == name)
    if name_field == "lang_share":
        return next(r["share_kept"] for r in stats["languages"] if r["code"] == name)
    return next(s[name_field] for s in stats["subsets"] if s["name"] == name)


class Numbers:
    """Formats the dataset's numbers for prose and remembers where each came from."""

    def __init__(self, ds: Dataset, t: float | Cut) -> None:
        self.ds = ds
        self.cut = as_cut(t)
        self.stats = ds.threshold(self.cut)  # the threshold arithmetic's plain dict (the browser's shape)
        self.sources: dict[str, str] = {}

    def _note(self, num: Num) -> Num:
        # the first source given for a text (or a live key) is the one the method step lists
        if num.source:
            self.sources.setdefault(num.text if not num.key else num.key, num.source)
        return num

    def pairs(self, rows: float, source: str, key: str | None = None) -> Num:
        ds = self.ds
        how = f"{source} × scale {fmt.group(ds.scale)}" if ds.synthetic else source
        return self._note(Num(fmt.pairs(rows, ds.scale, ds.synthetic), rows, key, "pairs" if key else None, how))

    def pct(self, share: float, source: str, key: str | None = None, digits: int = 1) -> Num:
        return self._note(Num(fmt.percent(share, digits), share, key, "percent" if key else None, source))

    def live(self, key: str, kind: str) -> Num:
        """A number the slider updates: its value comes from threshold_stats at the page's cut.

        "t" is where the page cuts: kind "threshold" (or "cut") reads '0.280' or 'published +0.010' (offset
        mode), kind "at_cut" 'a threshold of 0.280' or 'each subset's published threshold +0.010'."""
        if key == "t":
            key, kind = "cut", ("at_cut" if kind == "at_cut" else "cut")
        v = stat_value(self.stats, key)
        src = f"threshold arithmetic ({key}) at the page's cut"
        if kind in ("cut", "at_cut"):
            say = fmt.cut if kind == "cut" else fmt.at_cut
            return Num(say(self.stats["t"], self.stats["d"]), v, key, kind, src)
        if kind == "pairs":
            return self.pairs(v, src, key)
        if kind == "percent":
            return self.pct(v, src, key)
        return Num(fmt.threshold(v), v, key, "threshold", src)

    def ref(self, fid: str, style: Callable[[float], str] = fmt.compact) -> Num:
        """A published figure from the cited reference table."""
        row = essay_figures()[fid]
        v = float(row["value"])
        return self._note(Num(style(v), v, source=f"reference: essay_figures.csv {fid} ({row['quantity']})"))

    def raw(self, text: str, value: float, source: str) -> Num:
        return self._note(Num(text, value, source=source))
