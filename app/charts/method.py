"""Step 8, method and data: the rows read per input file (chart "method")."""

from __future__ import annotations

from pathlib import PurePath
from typing import Any

import altair as alt

from app.charts.common import BIG_LABEL, approx, subset_scale
from app.core import format as fmt
from app.core.dataset import Dataset
from app.core.figures import subset_order


def method_table(ds: Dataset, t: float) -> list[dict[str, Any]]:
    # file names only: the server's paths are nobody's business
    return [{"file": PurePath(i.path).name, "subset": i.subset, "rows": i.rows, "bytes": i.bytes}
            for i in ds.manifest.inputs]


def method_build(ds: Dataset, t: float) -> alt.TopLevelMixin:
    rows = method_table(ds, t)
    title = "Rows read (synthetic sample rows)" if ds.synthetic else "Rows read"
    return alt.Chart(alt.Data(values=rows)).mark_bar(style="separator", strokeWidth=0.5,
                                                     height={"band": 0.7}).encode(
        y=alt.Y("subset:N", title=None, sort=subset_order(ds)),
        x=alt.X("sum(rows):Q", title=title, axis=alt.Axis(labelExpr=BIG_LABEL, tickCount=4)),
        color=alt.Color("subset:N", scale=subset_scale(ds), legend=None),
        detail="file:N",
        tooltip=[alt.Tooltip("file:N", title="File"), alt.Tooltip("subset:N", title="Subset"),
                 alt.Tooltip("rows:Q", title="Rows", format=","), alt.Tooltip("bytes:Q", title="Bytes", format=".3~s")],
    ).properties(height=alt.Step(44))


def method_describe(ds: Dataset, t: float) -> str:
    m = ds.manifest
    rows = method_table(ds, t)
    size = sum(r["bytes"] for r in rows)
    what = "a synthetic replica" if ds.synthetic else (m.dataset or "the dataset")
    scale = f", each row standing for {fmt.count(ds.scale)} pairs" if approx(ds) else ""
    files = f"{fmt.count(len(rows))} file{'s' if len(rows) != 1 else ''}"
    return (f"The precompute read {files} of {what} ({fmt.count(m.rows)} rows, "
            f"{fmt.compact(size)}B{scale}) in one pass each in {fmt.ratio(m.duration_s)} seconds, profile {m.profile}.")
