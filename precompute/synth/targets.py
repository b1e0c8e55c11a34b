"""What the synthetic replica must reproduce: the published figures, turned into counts and distributions.

Every target is read from the cited reference tables (reference.figure / reference.speakers) so the
replica and the page agree on the same numbers; only the shapes between published points
(how the similarity density falls off, how the language tail decays) are our modelling choices.
"""

from __future__ import annotations

from functools import cache

import numpy as np

from precompute.contract.reference import figure, speakers
from precompute.synth.dists import Ppf, norm_ppf, pchip, table_cdf, table_ppf

SUBSETS = ("laion2B-en", "laion2B-multi", "laion1B-nolang")
SUBSET_PAIRS = {
    "laion2B-en": figure("en_pairs"),
    "laion2B-multi": figure("multi_pairs_exact"),
    "laion1B-nolang": figure("nolang_pairs_exact"),
}
THRESHOLD = {"laion2B-en": figure("threshold_en"), "laion2B-multi": figure("threshold_other"),
             "laion1B-nolang": figure("threshold_other")}

# Named sites (code 0 is the invented long tail). Totals are published; the split over subsets is
# ours: pins and products skew English, SlidePlayer has big French/Spanish/Russian/Brazilian sites.
SITES = ("tail", "Pinterest", "Shopify", "SlidePlayer")
SITE_PAIRS = {"Pinterest": figure("pinterest_pairs"), "Shopify": figure("shopify_pairs"),
              "SlidePlayer": figure("slideplayer_pairs")}
SITE_SPLIT = {"Pinterest": (0.62, 0.28, 0.10), "Shopify": (0.72, 0.14, 0.14), "SlidePlayer": (0.47, 0.46, 0.07)}

def _codes(s: str) -> tuple[str, ...]:
    return tuple(s.split())


# CLD3's 107 classes (Hebrew is `iw`, Filipino `fil`, romanised scripts have -Latn classes).
CLD3_CODES = _codes(
    "af am ar bg bg-Latn bn bs ca ceb co cs cy da de el el-Latn en eo es et eu fa fi fil fr fy ga gd gl gu ha "
    "haw hi hi-Latn hmn hr ht hu hy id ig is it iw ja ja-Latn jv ka kk km kn ko ku ky la lb lo lt lv mg mi mk ml "
    "mn mr ms mt my ne nl no ny pa pl ps pt ro ru ru-Latn sd si sk sl sm sn so sq sr st su sv sw ta te tg th tr "
    "uk ur uz vi xh yi yo zh zh-Latn zu"
)
BIG_LANGS = ("ru", "fr", "de", "es", "zh", "ja", "it", "pt", "nl", "pl", "no")
# The rest of multi, most common first (our ordering; the published table stops at Norwegian).
TAIL_LANGS = _codes(
    "ko tr vi cs sv hu ro fi da uk el id ar th fa iw bg sk hr ca sr lt sl lv et ms hi fil eu gl bn ta mk af la "
    "sq ka bs cy ga ur ml eo te mr kk hy ne si ru-Latn mt gu kn ja-Latn zh-Latn fy uz mn km hi-Latn jv su "
    "ceb tg pa ky ku am my lo so ps el-Latn bg-Latn co ht mg haw yi ha sd gd zu xh yo ig sn st ny sm mi hmn"
)
TAIL_LANGS = tuple(c for c in TAIL_LANGS if c in CLD3_CODES)  # guard: only real CLD3 classes
TAIL_DECAY = 20.5  # ranks per e-fold: the biggest unlisted language stays under the smallest listed one


@cache
def language_pairs() -> dict[str, float]:
    """Pairs per LANGUAGE label in laion2B-multi (real scale)."""
    out = {c: figure(f"lang_{c}") for c in BIG_LANGS}
    out["lb"] = figure("lb_captions")
    out["sw"] = figure("sw_captions_per_speaker") * float(speakers()["sw"]["speakers"])
    out["is"] = figure("is_captions_per_speaker") * float(speakers()["is"]["speakers"])
    rest = SUBSET_PAIRS["laion2B-multi"] - sum(out.values())
    r = np.arange(1, len(TAIL_LANGS) + 1)
    w = np.exp(-r / TAIL_DECAY)
    for code, share in zip(TAIL_LANGS, w / w.sum(), strict=True):
        out[code] = rest * float(share)
    return out


# --- similarity ------------------------------------------------------------------------------
SIM_TOP = figure("sim_above_0_5")  # pairs above 0.5, placed as text-in-image captions
SIM_HIGH = 10 * SIM_TOP  # pairs in [0.46, 0.5]: our choice, "about ten times as many"
SIM_HIGH_FROM, SIM_TOP_FROM, SIM_MAX = 0.46, 0.5, 0.56
SIM_TAIL_SCALE = 0.04 / np.log(11.0)  # exponential tail with 10x as many in [0.46,0.5) as above 0.5
MULTI_Q = (figure("multi_sim_q10"), figure("multi_sim_q50"), figure("multi_sim_q90"))
NEAR_PAIRS = figure("removed_by_plus_0_01")  # pairs within 0.01 above their subset's threshold
TAPER_FROM, TAPER_WIDTH = 0.42, 0.025  # the body bends down to meet the sparse text-in-image tail at 0.46


def _multi_density(g: np.ndarray) -> np.ndarray:
    # shifted log-normal through the published q10/q50/q90: the shift makes the fit exact
    q10, q50, q90 = MULTI_Q
    c = (q50 * q50 - q10 * q90) / (2 * q50 - q10 - q90)
    s = np.log((q90 - c) / (q50 - c)) / float(norm_ppf(np.array([0.9]))[0])
    d = np.maximum(g - c, 1e-12)
    z = (np.log(d) - np.log(q50 - c)) / s
    return np.where(g > c, np.exp(-0.5 * z * z) / d, 0.0)


def _cut_density(g: np.ndarray, thr: float, sd: float) -> np.ndarray:
    # the upper flank of the pre-filter score distribution: a half-normal starting at the cut
    return np.exp(-0.5 * ((g - thr) / sd) ** 2)


def _taper(g: np.ndarray) -> np.ndarray:
    return np.exp(-np.maximum(0.0, g - TAPER_FROM) ** 2 / (2 * TAPER_WIDTH**2))


def _grid(subset: str) -> np.ndarray:
    lo = THRESHOLD[subset] if subset != "laion2B-multi" else MULTI_Q[0] - 0.06
    return np.linspace(lo, SIM_HIGH_FROM, 46001)


@cache
def sim_body(subset: str) -> tuple[np.ndarray, np.ndarray]:
    """Similarity density of a subset's body (below 0.46) on a grid, calibrated to the figures."""
    g = _grid(subset)
    if subset == "laion2B-multi":
        return g, _multi_density(g) * _taper(g)
    # en and nolang share one near-threshold share, chosen so all three subsets add up to NEAR_PAIRS
    gm = _grid("laion2B-multi")
    cm = table_cdf(gm, _multi_density(gm) * _taper(gm))
    thr_m = THRESHOLD["laion2B-multi"]
    multi_near = SUBSET_PAIRS["laion2B-multi"] * (cm(thr_m + 0.01) - cm(thr_m))
    others = SUBSET_PAIRS["laion2B-en"] + SUBSET_PAIRS["laion1B-nolang"]
    target = (NEAR_PAIRS - multi_near) / others
    thr = THRESHOLD[subset]
    lo, hi = 0.005, 0.3
    for _ in range(60):  # bisection on the half-normal's width
        sd = (lo + hi) / 2
        c = table_cdf(g, _cut_density(g, thr, sd) * _taper(g))
        lo, hi = (sd, hi) if c(thr + 0.01) > target else (lo, sd)
    return g, _cut_density(g, thr, sd) * _taper(g)


def sim_body_ppf(subset: str) -> Ppf:
    return table_ppf(*sim_body(subset))


def sim_tail_ppf(lo: float, hi: float) -> Ppf:
    """Inverse CDF of the exponential text-in-image tail restricted to [lo, hi]."""
    a, b = np.exp(-(lo - SIM_HIGH_FROM) / SIM_TAIL_SCALE), np.exp(-(hi - SIM_HIGH_FROM) / SIM_TAIL_SCALE)
    return lambda p: SIM_HIGH_FROM - SIM_TAIL_SCALE * np.log(a - p * (a - b))


def sim_tail_weights() -> np.ndarray:
    """How the high/top rows split over subsets: by each body's density at 0.46, so the joins are smooth."""
    w = []
    for s in SUBSETS:
        g, f = sim_body(s)
        area = float(np.sum((f[1:] + f[:-1]) / 2 * np.diff(g)))
        w.append(SUBSET_PAIRS[s] * f[-20] / area)
    return np.asarray(w)


# --- aesthetics (LAION-Aesthetics V2 scale, laion2B-en only) -----------------------------------
AES_SURVIVAL_PUBLISHED = ((4.5, figure("aes_4_5plus")), (4.75, figure("aes_4_75plus")),
                          (5.0, figure("aes_subset_5plus")), (6.0, figure("aes_6plus")),
                          (6.25, figure("aes_6_25plus")), (6.5, figure("aes_6_5plus")))
# our body below 4.5 (density rising to the published bins' mode near 4.9) and tail above 6.5,
# as survival shares
AES_SURVIVAL_MODEL = ((1.8, 1.0 - 1e-9), (2.0, 0.9993), (2.25, 0.997), (2.5, 0.991), (2.75, 0.979),
                      (3.0, 0.958), (3.25, 0.925), (3.5, 0.875), (3.75, 0.81), (4.0, 0.725), (4.25, 0.625),
                      (7.0, 1.5e-5), (7.5, 4e-7), (8.2, 1e-10))


def aesthetic_ppf() -> Ppf:
    """Inverse CDF through the published survival points, monotone in log-survival space."""
    n = SUBSET_PAIRS["laion2B-en"]
    pts = sorted([(x, c / n) for x, c in AES_SURVIVAL_PUBLISHED] + list(AES_SURVIVAL_MODEL))
    xs = np.array([p[0] for p in pts])
    logs = np.log(np.array([p[1] for p in pts]))
    g = np.linspace(xs[0], xs[-1], 20001)
    surv = np.exp(pchip(xs, logs, g))
    cdf = 1.0 - surv
    cdf = (cdf - cdf[0]) / (cdf[-1] - cdf[0])
    return lambda p: np.interp(p, cdf, g)


# --- safety scores: logit-normal, most mass near 0, a long tail towards 1 -----------------------
UNSAFE_SHARE = {"laion2B-en": figure("unsafe_share_en"), "laion2B-multi": figure("unsafe_share_multi"),
                "laion1B-nolang": figure("unsafe_share_nolang")}
WATERMARK_SHARE = {"laion2B-en": figure("watermark_share_en"), "laion2B-multi": figure("watermark_share_multi"),
                   "laion1B-nolang": figure("watermark_share_nolang")}
UNSAFE_CUT, WATERMARK_CUT = figure("unsafe_threshold"), figure("watermark_threshold")
UNSAFE_MEDIAN, WATERMARK_MEDIAN = 0.012, 0.09  # our choice: typical scores are small
SCORE_NULL_SHARE = 0.0005


def logit_normal_ppf(median: float, cut: float, share_above: float) -> Ppf:
    """Logit-normal with the given median whose share above `cut` is exactly `share_above`."""
    mu = np.log(median / (1 - median))
    z = float(norm_ppf(np.array([1 - share_above]))[0])
    sigma = (np.log(cut / (1 - cut)) - mu) / z
    return lambda p: 1.0 / (1.0 + np.exp(-(mu + sigma * norm_ppf(p))))
