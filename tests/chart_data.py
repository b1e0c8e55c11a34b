"""Small real-format aggregates for the chart and API tests (built from tests/fixtures.py tables)."""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

from app.core.dataset import Dataset, load
from precompute.build.run import build
from precompute.contract.models import Aggregates, Manifest
from tests.fixtures import datacomp_table, laion_table, write

HOSTILE_DOMAINS = ['=HYPERLINK("http://x","y").com', "+SUM(1,2).net", "-2+3.org", "@cmd.io",
                   "\tevil.com", "<script>alert(1)</script>.com", "</svg><svg onload=alert(2)>.de"]


def small_laion(tmp: Path) -> Dataset:
    """Three LAION subsets with the real column names: aesthetic on en, LANGUAGE on multi."""
    shards = tmp / "shards"
    write(laion_table(3000, 1, aesthetic=True), shards / "laion2B-en" / "part-00000-a-c000.snappy.parquet")
    write(laion_table(2000, 2, aesthetic=True), shards / "laion2B-en" / "part-00001-a-c000.snappy.parquet")
    write(laion_table(3000, 3, language=True), shards / "laion2B-multi" / "part-00000-b-c000.snappy.parquet")
    write(laion_table(1500, 4), shards / "laion1B-nolang" / "part-00000-c-c000.snappy.parquet")
    build([str(shards / "*" / "*.parquet")], tmp / "agg")
    return load(tmp / "agg")


def datacomp(tmp: Path) -> Dataset:
    """DataComp CommonPool: similarity but no language, safety or aesthetic columns."""
    write(datacomp_table(2000, 5), tmp / "shards" / "commonpool" / "0000.parquet")
    build([str(tmp / "shards" / "*" / "*.parquet")], tmp / "agg")
    return load(tmp / "agg")


def with_hostile_domains(ds: Dataset) -> Dataset:
    """The same data with formula and markup injections among the top domains."""
    agg: dict[str, Any] = ds.aggregates.model_dump(mode="json")
    top = agg["domains"]["top"]
    biggest = max((d["pairs"] for d in top), default=1)
    agg["domains"]["top"] = [{"domain": d, "pairs": biggest + 100 - i, "site": "(other)", "rank": 1 + i,
                              "hosts": 1} for i, d in enumerate(HOSTILE_DOMAINS)] + top
    return dataclasses.replace(ds, aggregates=Aggregates.model_validate(agg), etag=ds.etag + "-hostile")


def without_columns(ds: Dataset, *columns: str) -> Dataset:
    """The same data as if no subset had these columns."""
    manifest: dict[str, Any] = ds.manifest.model_dump(mode="json")
    for s in manifest["subsets"]:
        for c in columns:
            s["columns"][c] = False
    return dataclasses.replace(ds, manifest=Manifest.model_validate(manifest),
                               etag=ds.etag + "-without-" + "-".join(columns))
