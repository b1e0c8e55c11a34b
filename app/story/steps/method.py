"""Step 8, method and data: the manifest's facts and the sources of every number, wired into prose/method.txt.

It runs last: the sources table lists every number the steps before it placed.
"""

from __future__ import annotations

from app.core import format as fmt
from app.core.dataset import Dataset
from app.core.threshold import BINS_PER_UNIT
from app.story import loader
from app.story.model import Block, Step
from app.story.numbers import Numbers

RERUN = [
    "python -m precompute build --input 'laion2B-en/*.parquet' --input 'laion2B-multi/*.parquet' "
    "--input 'laion1B-nolang/*.parquet' --out data/real",
    "python -m app --data data/real",
]


def facts(ds: Dataset) -> list[list[str]]:
    """The manifest as labelled rows."""
    m = ds.manifest
    rows = [
        ["Dataset", str(m.dataset)],
        ["Profile", str(m.profile)],
        ["Synthetic replica", "yes" if ds.synthetic else "no"],
        ["Rows read", fmt.count(m.rows)],
        ["Scale (pairs per row)", fmt.count(ds.scale)],
        ["Files", fmt.count(len(m.inputs))],
        ["Bytes read", fmt.count(m.bytes)],
        ["Built", str(m.created)],
        ["Build time", f"{fmt.ratio(float(m.duration_s))} s"],
    ]
    if ds.synthetic and m.seed is not None:
        rows.append(["Seed", str(m.seed)])
    rows += [[f"Version: {k}", str(v)] for k, v in sorted(m.versions.items())]
    rows += [["Note", str(x)] for x in m.notes]
    return rows


def method(ds: Dataset, n: Numbers) -> Step:
    bin_width = n.raw(fmt.score(1 / BINS_PER_UNIT), 1 / BINS_PER_UNIT, "app/core/threshold.py BINS_PER_UNIT")
    blocks = {
        "facts": Block("facts", data={"rows": facts(ds)}),
        "commands": Block("commands", data={"lines": list(RERUN)}),
        "downloads": Block("downloads"),
        "sources": Block("sources", data={"rows": sorted(n.sources.items())}),
    }
    return loader.step("method", {"bin_width": bin_width}, blocks)
