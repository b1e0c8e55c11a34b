"""Number formatting shared by the server and the page.

static/js/explainer.js (`explainer.format`) mirrors every function here operation for
operation, so a number rendered by Jinja and the same number re-rendered by the slider read
identically; tests/test_format_js.py runs both on the same inputs. Rounding is always
floor(x + 0.5) on integers built from the value, never Python's round() (banker's rounding)
nor JavaScript's toFixed(), which disagree on ties.
"""

from __future__ import annotations

import math

APPROX = "≈"
_UNITS = ((1_000_000_000, "B"), (1_000_000, "M"), (1_000, "K"))
_ONES = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
         "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen",
         "nineteen")
_TENS = ("", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety")


def half_up(x: float) -> int:
    return math.floor(x + 0.5)


def group(n: int) -> str:
    """An integer with thousands separators: 155012345 -> '155,012,345'."""
    digits = str(abs(n))
    parts = []
    while len(digits) > 3:
        parts.insert(0, digits[-3:])
        digits = digits[:-3]
    parts.insert(0, digits)
    return ("-" if n < 0 else "") + ",".join(parts)


def count(n: float) -> str:
    """An exact count: '155,012,345'."""
    return group(half_up(n))


def _decimal(k: int, places: int) -> str:
    """k / 10**places as a decimal without trailing zeros: (232, 2) -> '2.32', (200, 2) -> '2'."""
    step = 10 ** places
    whole, frac = k // step, k % step
    if frac == 0:
        return group(whole)
    return (group(whole) + "." + str(frac).rjust(places, "0")).rstrip("0")


def compact(n: float) -> str:
    """A rounded quantity to three significant digits: '155M', '2.32B', '12.8B', '34.3K', '650'."""
    if n < 0:
        return "-" + compact(-n)
    for i, (size, suffix) in enumerate(_UNITS):
        if n >= size:
            v = n / size
            for places, below in ((2, 10), (1, 100)):
                if v < below:
                    k = half_up(v * 10 ** places)
                    if k < below * 10 ** places:  # 9.996 rounds to 10.00: fall through to fewer places
                        return _decimal(k, places) + suffix
            k = half_up(v)
            if k >= 1000 and i > 0:  # 999.7M reads as 1B, not 1000M
                return compact(_UNITS[i - 1][0])
            return group(k) + suffix
    k = half_up(n)
    return "1K" if k >= 1000 else str(k)


def estimate(n: float) -> str:
    """A full-dataset estimate from a scaled sample: '≈155M'."""
    return APPROX + compact(n)


def pairs(rows: float, scale: int, synthetic: bool) -> str:
    """Sample rows as shown to readers: an estimate times scale for the replica, else the count."""
    return estimate(rows * scale) if synthetic else count(rows)


def percent(x: float, digits: int = 1) -> str:
    """A share as a percentage: 0.0241 -> '2.4%'; tiny non-zero shares read '<0.1%'."""
    step = 10 ** digits
    k = half_up(x * 100 * step)
    if k == 0 and x > 0:
        return "<" + ("0." + "0" * (digits - 1) + "1" if digits else "1") + "%"
    whole, frac = k // step, k % step
    return f"{group(whole)}.{str(frac).rjust(digits, '0')}%" if digits else f"{group(whole)}%"


def threshold(t: float) -> str:
    """A similarity threshold on the slider's 0.001 grid: '0.280'."""
    k = half_up(t * 1000)
    return f"{k // 1000}.{str(k % 1000).rjust(3, '0')}"


def offset(d: float) -> str:
    """An offset above the published thresholds: '+0.010'."""
    return "+" + threshold(d)


def cut(t: float | None, d: float | None) -> str:
    """Where the page cuts, short (slider readouts, table headers): '0.280', or 'published +0.010'."""
    return f"published {offset(d)}" if d is not None else threshold(t or 0.0)


def at_cut(t: float | None, d: float | None) -> str:
    """Where the page cuts, for a sentence: 'a threshold of 0.280', or
    'each subset's published threshold +0.010'."""
    if d is not None:  # at d = 0 the cuts are the published ones themselves
        return f"each subset's published threshold {offset(d)}" if threshold(d) != "0.000" else \
            "each subset's own published threshold"
    return f"a threshold of {threshold(t or 0.0)}"


def mover(name: str, share_all: float, share_kept: float) -> str:
    """A language whose share the cut moves: 'English (39.70% → 41.20%)' (two decimals: small languages)."""
    return f"{name} ({percent(share_all, 2)} → {percent(share_kept, 2)})"


def score(x: float) -> str:
    """A score without trailing zeros: 0.28 -> '0.28', 0.5 -> '0.5', 6.25 -> '6.25'."""
    s = threshold(x).rstrip("0")
    return s[:-1] if s.endswith(".") else s


def ratio(x: float) -> str:
    """A ratio such as captions per speaker: '114', '1.6', '0.03'."""
    if x >= 10:
        return count(x)
    if x >= 1:
        return _decimal(half_up(x * 10), 1)
    return score(half_up(x * 100) / 100)


def words(n: int) -> str:
    """Whole numbers below 100 spelled out, as a newsroom style guide wants: 40 -> 'forty'."""
    if n < 0 or n >= 100:
        return group(n)
    if n < 20:
        return _ONES[n]
    tens, ones = divmod(n, 10)
    return _TENS[tens] + ("-" + _ONES[ones] if ones else "")


def one_in(share: float) -> str:
    """A share as a rounded 'one in N': 0.0265 -> 'one in forty' (beyond twenty, to the nearest 5)."""
    if share <= 0:
        return "none"
    n = half_up(1 / share)
    if n > 20:
        n = half_up(n / 5) * 5
    return "one in " + words(n)


def every_n(share: float) -> float:
    """N of '1 in N' for a share > 0: to one decimal below 100 (0.0265 -> 37.7), whole above."""
    n = 1 / share
    return half_up(n * 10) / 10 if n < 99.95 else half_up(n)


def every(share: float) -> str:
    """A share as '1 in N' (every_n): '1 in 37.7', '1 in 2,500'; the computed figure, where one_in
    rounds it for prose ('one in forty')."""
    if share <= 0:
        return "none"
    n = every_n(share)
    return "1 in " + (_decimal(round(n * 10), 1) if n < 99.95 else group(int(n)))


def cell(v: object) -> str:
    """A data-table cell: whole numbers grouped, other numbers as scores (3 decimals), text as is."""
    if v is None:
        return ""
    if isinstance(v, bool):
        return str(v).lower()
    if isinstance(v, int):
        return group(v)
    if isinstance(v, float):
        if abs(v) >= 1000:
            return count(v)
        return score(v) if v >= 0 else "-" + score(-v)
    return str(v)
