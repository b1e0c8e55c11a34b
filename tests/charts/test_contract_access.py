"""app/charts reads the typed contract by attribute only: it keeps working once the dict-style shim is gone."""

from __future__ import annotations

from pathlib import Path

import pytest

from app import charts
from app.core.dataset import Dataset
from precompute.contract.models import Strict
from tests.chart_data import datacomp


def _no_dict_access(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(self: Strict, *args: object, **kwargs: object) -> None:
        raise AssertionError(f"dict-style read of {type(self).__name__}{args!r}")

    for name in ("__getitem__", "get", "keys"):
        monkeypatch.setattr(Strict, name, refuse)


def _prime(ds: Dataset) -> None:
    # the threshold arithmetic (app/core, outside this package) builds its payload before the shim goes
    assert ds.payload and ds.near_threshold


def _draw_everything(ds: Dataset) -> None:
    for c in charts.available(ds):
        for t in (0.0, 0.3):
            c.build(ds, t).to_dict(validate=False)
            c.describe(ds, t)
            c.table(ds, t)
    charts.credit_lines(ds)


def test_every_chart_reads_the_contract_by_attribute(ds: Dataset, monkeypatch: pytest.MonkeyPatch) -> None:
    _prime(ds)
    _no_dict_access(monkeypatch)
    with pytest.raises(AssertionError, match="dict-style"):
        ds.aggregates["similarity"]  # the check itself works
    _draw_everything(ds)


def test_datacomp_charts_read_the_contract_by_attribute(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    ds = datacomp(tmp_path)
    _prime(ds)
    _no_dict_access(monkeypatch)
    _draw_everything(ds)
