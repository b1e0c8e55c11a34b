"""Figures derived from the aggregates that more than one part of the app needs: computed once, here.

The story, the charts, the API, the embeds and the export all take these from this module, so two
parts of the page can never disagree on (say) the threshold a page opens at or the pairs of a
language.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from app.core.dataset import Dataset
from app.core.domains import answer
from app.core.threshold import BINS_PER_UNIT, MAX_T, Cut, bin_of
from precompute.contract.models import BIN_WIDTH, Histogram, SiteRow

# LAION's order of its subsets (charts and tables list them so); other subsets follow as the manifest has them
LAION_ORDER = ("laion2B-en", "laion2B-multi", "laion1B-nolang")


def is_essays_data(ds: Dataset) -> bool:
    """The data holds all three LAION-5B subsets the essay studied, so its figures compare directly."""
    return set(LAION_ORDER) <= {s.name for s in ds.subsets}


def on_grid(t: float) -> float:
    """A threshold on the 0.001 grid the arithmetic uses."""
    return bin_of(t) / BINS_PER_UNIT


def subset_order(ds: Dataset) -> list[str]:
    """Subset names in LAION's order (en, multi, nolang), then any others as the manifest lists them."""
    names = [s.name for s in ds.subsets]
    known = [n for n in LAION_ORDER if n in names]
    return known + [n for n in names if n not in known]


def lowest_similarity(ds: Dataset) -> float:
    """The lowest similarity bin present in any subset (the slider's lower end)."""
    los = [h.lo for h in ds.aggregates.similarity.subsets.values() if h.counts]
    return min(los) * BIN_WIDTH if los else 0.0


def slider_bounds(ds: Dataset) -> tuple[float, float]:
    """The absolute slider's range: the lowest similarity present to MAX_T."""
    return on_grid(lowest_similarity(ds)), MAX_T


def default_t(ds: Dataset) -> float:
    """The threshold every page, embed, download and description opens at.

    The highest published threshold (LAION's English 0.28), or the lowest similarity present when
    the dataset publishes none (DataComp, COYO): then the page opens with nothing removed.
    """
    pubs = [s.published_threshold for s in ds.subsets if s.published_threshold is not None]
    return on_grid(max(pubs)) if pubs else on_grid(lowest_similarity(ds))


def published(ds: Dataset) -> list[float]:
    """The distinct published thresholds of the data, lowest first (empty: COYO, DataComp)."""
    return sorted({s.published_threshold for s in ds.subsets if s.published_threshold is not None})


def default_cut(ds: Dataset) -> Cut:
    """Where every page, embed, download, description and oEmbed answer opens.

    Data that publishes per-subset thresholds (LAION) opens in the offset mode at d = 0: every subset
    at its own published threshold, nothing removed. Data that publishes none opens at default_t.
    """
    return Cut(d=0.0) if published(ds) else Cut(t=default_t(ds))


def offset_bounds(ds: Dataset) -> tuple[float, float]:
    """The offset slider's range: 0 to the offset that puts the highest published threshold at MAX_T."""
    pubs = published(ds)
    return 0.0, on_grid(MAX_T - max(pubs)) if pubs else 0.0


def language_pairs(ds: Dataset) -> dict[str, int]:
    """Pairs per language label over all subsets."""
    out: dict[str, int] = defaultdict(int)
    for r in ds.aggregates.languages:
        out[r.code] += r.pairs
    return dict(out)


def site(ds: Dataset, name: str) -> SiteRow | None:
    """A named site's row (Pinterest, Shopify, SlidePlayer), or None."""
    return next((s for s in ds.aggregates.sites if s.site == name), None)


def hist_total(h: Histogram | None, from_bin: int = 0) -> int:
    """Pairs of a histogram in bins >= from_bin (nulls and invalid values not included)."""
    if h is None:
        return 0
    return sum(h.counts[max(from_bin - h.lo, 0):])


def domain_answer(ds: Dataset, text: str) -> tuple[str, dict[str, Any] | None]:
    """(the registered domain `text` stands for, the API's answer, or None when the data has no such domain).

    The one code path behind /api/domains/{domain}, the no-JS page and the static export's files.
    """
    domain, match = ds.domains.lookup(text)
    if match is None:
        return domain, None
    body = answer(match, ds.aggregates.total_pairs, ds.scale, ds.domains.rows)
    order = subset_order(ds)
    body["subsets"].sort(key=lambda s: order.index(s["name"]) if s["name"] in order else len(order))
    return domain, {**body, "query": text, "synthetic": ds.synthetic, "scale": ds.scale}
