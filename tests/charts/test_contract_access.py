"""The typed contract is read by attribute only: its records refuse dict-style reads, and every chart,
description and table still draws, on the replica and on a DataComp build."""

from __future__ import annotations

from pathlib import Path

import pytest

from app import charts
from app.core.dataset import Dataset
from tests.chart_data import datacomp


def _draw_everything(ds: Dataset) -> None:
    for c in charts.available(ds):
        for t in (0.0, 0.3):
            c.build(ds, t).to_dict(validate=False)
            c.describe(ds, t)
            c.table(ds, t)
    charts.credit_lines(ds)


def test_contract_records_refuse_dict_reads(ds: Dataset) -> None:
    with pytest.raises(TypeError):
        ds.aggregates["similarity"]  # type: ignore[index]
    with pytest.raises(AttributeError):
        ds.manifest.get("dataset")  # type: ignore[attr-defined]


def test_every_chart_draws_from_the_replica(ds: Dataset) -> None:
    _draw_everything(ds)


def test_every_chart_draws_from_a_datacomp_build(tmp_path: Path) -> None:
    _draw_everything(datacomp(tmp_path))
