"""Step 1, the opening: the three subsets and their sizes (chart "subsets")."""

from __future__ import annotations

from typing import Any

import altair as alt

from app.charts.common import BIG_LABEL, amount, approx_prefix, fig, pairs_title, source_sentence, subset_scale
from app.charts.width import by_width, room_for_labels
from app.core.dataset import Dataset
from app.core.figures import subset_order

# figure ids in precompute/contract/reference/essay_figures.csv: LAION's exact release counts, the same
# source the replica is calibrated to (precompute/synth/targets.py); the essay rounds the last two to
# 2.26B and 1.27B (multi_pairs, nolang_pairs)
PUBLISHED_SIZE = {"laion2B-en": "en_pairs", "laion2B-multi": "multi_pairs_exact",
                  "laion1B-nolang": "nolang_pairs_exact"}


def subsets_table(ds: Dataset, t: float) -> list[dict[str, Any]]:
    by_name = {s.name: s for s in ds.subsets}
    rows = []
    # LAION-5B's sizes belong to LAION-5B (or its replica): Re-LAION-5B keeps the subset names, not the sizes
    laion5b = ds.synthetic or ds.manifest.dataset == "LAION-5B"
    for s in (by_name[n] for n in subset_order(ds)):
        fid = PUBLISHED_SIZE.get(s.name) if laion5b else None
        pub = fig(fid) if fid else None
        rows.append({"subset": s.name, "sample_rows": s.rows, "pairs_estimate": s.rows * ds.scale,
                     "published_pairs": int(pub) if pub is not None else None,
                     "published_threshold": s.published_threshold})
    return rows


def subsets_build(ds: Dataset, t: float) -> alt.TopLevelMixin:
    rows = subsets_table(ds, t)
    top = max((r["pairs_estimate"] for r in rows), default=1) or 1
    base = alt.Chart(alt.Data(values=rows)).encode(
        y=alt.Y("subset:N", sort=None, title=None, axis=alt.Axis(labelFontSize=13)),
        x=alt.X("pairs_estimate:Q", title=pairs_title(ds),
                # room right of the longest bar for its label, whatever the width
                scale=alt.Scale(domainMin=0, domainMax=room_for_labels(top, 56, 110, 1.22), nice=False),
                axis=alt.Axis(labelExpr=BIG_LABEL, tickCount=by_width(3, 4))),
        tooltip=[alt.Tooltip("subset:N", title="Subset"),
                 alt.Tooltip("pairs_estimate:Q", title=pairs_title(ds), format=",.0f"),
                 alt.Tooltip("published_pairs:Q", title="Published figure", format=",.0f"),
                 alt.Tooltip("published_threshold:Q", title="Published threshold")],
    )
    bars = base.mark_bar(height={"band": 0.7}).encode(color=alt.Color("subset:N", scale=subset_scale(ds), legend=None))
    labels = base.mark_text(align="left", dx=4).encode(text=alt.Text("label:N")).transform_calculate(
        label=approx_prefix(ds) + "replace(format(datum.pairs_estimate, '.3~s'), 'G', 'B')")
    return (bars + labels).properties(height=alt.Step(48))


def subsets_describe(ds: Dataset, t: float) -> str:
    rows = subsets_table(ds, t)
    total = sum(r["pairs_estimate"] for r in rows)
    parts = "; ".join(f"{r['subset']} {amount(ds, r['pairs_estimate'])}" for r in rows)
    return (f"{ds.manifest.dataset or 'The dataset'} holds {amount(ds, total)} image–text pairs "
            f"in {len(rows)} subset{'s' if len(rows) != 1 else ''}: {parts}.{source_sentence(ds)}")
