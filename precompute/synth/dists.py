"""Exact-by-construction draws for the synthetic replica: allocations, stratified quantiles, rankings.

Plain random draws miss small targets at coarse scales (31 rows above an aesthetic score of 6.5 at
scale 20000 would wobble by +-6). So categories get exactly their rounded share, and continuous
values are stratified quantiles: value i is F^-1((i + u_i) / n), one draw per 1/n slice of the
distribution, so every quantile is hit to within one row.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

Ppf = Callable[[np.ndarray], np.ndarray]


def allocate(total: int, weights: np.ndarray | list[float]) -> np.ndarray:
    """Split `total` into integer parts proportional to `weights` (largest remainder, exact sum)."""
    w = np.asarray(weights, dtype=np.float64)
    raw = w / w.sum() * total
    base = np.floor(raw).astype(np.int64)
    short = total - int(base.sum())
    if short:
        order = np.argsort(-(raw - base), kind="stable")
        base[order[:short]] += 1
    return base


def norm_ppf(p: np.ndarray) -> np.ndarray:
    """Inverse standard normal CDF (Acklam's rational approximation, |error| < 1.2e-9); no scipy."""
    p = np.clip(np.asarray(p, dtype=np.float64), 1e-300, 1 - 1e-16)
    a = (-3.969683028665376e01, 2.209460984245205e02, -2.759285104469687e02, 1.383577518672690e02,
         -3.066479806614716e01, 2.506628277459239e00)
    b = (-5.447609879822406e01, 1.615858368580409e02, -1.556989798598866e02, 6.680131188771972e01,
         -1.328068155288572e01)
    c = (-7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e00, -2.549732539343734e00,
         4.374664141464968e00, 2.938163982698783e00)
    d = (7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e00, 3.754408661907416e00)
    out = np.empty_like(p)
    lo, hi = p < 0.02425, p > 1 - 0.02425
    mid = ~(lo | hi)
    q = p[mid] - 0.5
    r = q * q
    out[mid] = ((((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q
                / (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1))
    for mask, sign, pp in ((lo, 1.0, p[lo]), (hi, -1.0, 1 - p[hi])):
        q = np.sqrt(-2 * np.log(pp))
        out[mask] = sign * ((((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5])
                            / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1))
    return out


def norm_cdf(z: np.ndarray) -> np.ndarray:
    """Standard normal CDF via the complementary error function (Abramowitz-Stegun 7.1.26 is too coarse)."""
    z = np.asarray(z, dtype=np.float64)
    # erfc by a Chebyshev-fitted approximation (Numerical Recipes erfcc), relative error < 1.2e-7
    x = np.abs(z) / np.sqrt(2.0)
    t = 1.0 / (1.0 + 0.5 * x)
    poly = (-x * x - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (-0.18628806 + t * (
        0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))))
    erfc = t * np.exp(poly)
    return np.where(z >= 0, 1 - 0.5 * erfc, 0.5 * erfc)


def pchip(x: np.ndarray, y: np.ndarray, xq: np.ndarray) -> np.ndarray:
    """Monotone piecewise-cubic (Fritsch-Carlson) interpolation of knots (x, y) at xq."""
    x, y, xq = (np.asarray(v, dtype=np.float64) for v in (x, y, xq))
    h = np.diff(x)
    delta = np.diff(y) / h
    m = np.zeros_like(y)
    same = delta[:-1] * delta[1:] > 0
    w1, w2 = 2 * h[1:] + h[:-1], h[1:] + 2 * h[:-1]
    with np.errstate(divide="ignore", invalid="ignore"):
        hm = (w1 + w2) / (w1 / delta[1:] + w2 / delta[:-1])
    m[1:-1] = np.where(same, hm, 0.0)
    m[0], m[-1] = delta[0], delta[-1]
    k = np.clip(np.searchsorted(x, xq, side="right") - 1, 0, len(h) - 1)
    t = (xq - x[k]) / h[k]
    h00, h10 = (1 + 2 * t) * (1 - t) ** 2, t * (1 - t) ** 2
    h01, h11 = t * t * (3 - 2 * t), t * t * (t - 1)
    return h00 * y[k] + h10 * h[k] * m[k] + h01 * y[k + 1] + h11 * h[k] * m[k + 1]


def table_ppf(grid: np.ndarray, density: np.ndarray) -> Ppf:
    """Inverse CDF of a density tabulated on `grid` (trapezoid CDF, linear inversion)."""
    cdf = np.concatenate([[0.0], np.cumsum((density[1:] + density[:-1]) / 2 * np.diff(grid))])
    cdf /= cdf[-1]
    return lambda p: np.interp(p, cdf, grid)


def table_cdf(grid: np.ndarray, density: np.ndarray) -> Callable[[float], float]:
    """CDF of a tabulated density, for calibrating parameters before drawing."""
    cdf = np.concatenate([[0.0], np.cumsum((density[1:] + density[:-1]) / 2 * np.diff(grid))])
    cdf /= cdf[-1]
    return lambda x: float(np.interp(x, grid, cdf))


def stratified(n: int, ppf: Ppf, rng: np.random.Generator) -> np.ndarray:
    """n values, one from each 1/n slice of the distribution, in ascending order."""
    if n <= 0:
        return np.zeros(0)
    p = (np.arange(n) + rng.random(n)) / n
    return ppf(p)


def assign_by_rank(values_sorted: np.ndarray, key: np.ndarray) -> np.ndarray:
    """Give the k-th smallest value to the row with the k-th smallest key.

    Keeps the marginal exactly while letting a per-row key (noise + bias) tilt who gets high values.
    """
    out = np.empty_like(values_sorted)
    out[np.argsort(key.astype(np.float32), kind="stable")] = values_sorted  # float32 sorts faster; ties are fine
    return out


def weighted_pick(rng: np.random.Generator, weights: np.ndarray, k: int) -> np.ndarray:
    """Exactly k distinct indices, drawn with probability proportional to weights (Efraimidis-Spirakis)."""
    if k <= 0:
        return np.zeros(0, dtype=np.int64)
    keys = np.log(rng.random(len(weights))) / np.maximum(weights, 1e-12)
    return np.argpartition(-keys, k - 1)[:k]
