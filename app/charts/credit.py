"""The credit line every standalone chart, embed and download carries: the data source and the essay retold."""

from __future__ import annotations

from app.charts.common import approx
from app.core import format as fmt
from app.core.dataset import Dataset
from app.core.essay import ESSAY_PUBLISHER, ESSAY_TITLE

ESSAY_SOURCE = ESSAY_PUBLISHER


def credit_lines(ds: Dataset) -> list[str]:
    """The credit line in two short lines (for image subtitles, which do not wrap)."""
    m = ds.manifest
    name = m.dataset or m.profile or "dataset"
    per_row = f"1 row ≈ {fmt.count(ds.scale)} pairs"
    if ds.synthetic:
        src = f"synthetic replica of {name} metadata, calibrated to published figures ({per_row})"
    else:
        src = f"{name} metadata ({fmt.count(m.rows)} rows" + (f", {per_row})" if approx(ds) else ")")
    return [f"Data: {src}.", f"After “{ESSAY_TITLE}” ({ESSAY_SOURCE})."]


def credit(ds: Dataset) -> str:
    """The credit line as one line."""
    return " ".join(credit_lines(ds))
