"""What more than one step's wiring reads from the dataset: subsets in order, the registry's charts."""

from __future__ import annotations

from typing import Any

from app import charts
from app.core.dataset import Dataset
from app.core.figures import subset_order


def subset_rows(ds: Dataset) -> dict[str, int]:
    """Rows per subset in LAION's order (en, multi, nolang), as the charts list them."""
    rows = {s.name: s.rows for s in ds.subsets}
    return {name: rows[name] for name in subset_order(ds) if name in rows}


def drawable(ds: Dataset) -> set[str]:
    """Chart ids the registry can draw for this dataset."""
    return {c.id for c in charts.available(ds)}


def chart_table(ds: Dataset, chart_id: str, t: float) -> list[dict[str, Any]]:
    """The rows behind a registry chart (shared numbers, computed once there), [] when unavailable."""
    return charts.table(ds, chart_id, t) if chart_id in drawable(ds) else []
