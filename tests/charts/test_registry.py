"""The chart registry: every chart has an id, a step, a live mode and its needs; missing columns make it unavailable."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from app import charts
from app.charts.registry import STEPS
from app.core.dataset import Dataset
from app.core.threshold import Cut
from tests.chart_data import datacomp, without_columns

EXPECTED = {"subsets", "sites", "similarity", "removed", "site_mix", "stack", "languages", "language_mix",
            "luxembourgish", "language_check", "aesthetic", "safety", "method"}


def test_registry_contract() -> None:
    assert set(charts.CHARTS) == EXPECTED
    for cid, c in charts.CHARTS.items():
        assert c.id == cid and re.fullmatch(r"[a-z0-9_-]+", cid)
        assert c.step in STEPS
        assert c.live in (None, "param", "subsets", "sites", "languages")
        assert c.title and callable(c.build) and callable(c.describe) and callable(c.table)
    # every story step has at least one chart, and the registry lists them in story order
    assert {c.step for c in charts.CHARTS.values()} == set(STEPS)
    order = [STEPS.index(c.step) for c in charts.CHARTS.values()]
    assert order == sorted(order)


def test_both_test_datasets_draw_every_chart(ds: Dataset) -> None:
    assert {c.id for c in charts.available(ds)} == EXPECTED


def test_missing_column_makes_a_chart_unavailable(small: Dataset) -> None:
    ds = without_columns(small, "aesthetic", "punsafe")
    ids = {c.id for c in charts.available(ds)}
    assert "aesthetic" not in ids and "safety" not in ids and "similarity" in ids
    assert charts.missing(ds, charts.CHARTS["safety"]) == ["punsafe"]
    assert charts.missing(ds, charts.CHARTS["similarity"]) == []
    with pytest.raises(charts.ChartUnavailable, match="aesthetic"):
        charts.get(ds, "aesthetic")
    with pytest.raises(charts.ChartUnavailable, match="aesthetic"):
        charts.chart_spec(ds, "aesthetic", 0.3)
    with pytest.raises(KeyError):
        charts.chart_spec(ds, "no-such-chart", 0.3)


def test_datacomp_lacks_the_laion_only_charts(tmp_path: Path) -> None:
    ds = datacomp(tmp_path)
    ids = {c.id for c in charts.available(ds)}
    assert {"languages", "language_mix", "luxembourgish", "language_check", "aesthetic", "safety"}.isdisjoint(ids)
    assert {"subsets", "sites", "similarity", "removed", "stack", "method"} <= ids


@pytest.mark.parametrize(("t", "snapped"), [(0, 0.0), (0.3, 0.3), (0.2804, 0.28), (0.2805, 0.281), (1, 1.0)])
def test_check_t_snaps_to_the_grid(t: float, snapped: float) -> None:
    assert charts.check_t(t) == Cut(t=snapped)


@pytest.mark.parametrize("t", [float("nan"), -0.1, 1.5, float("inf"), "0.3", None])
def test_bad_thresholds_raise(small: Dataset, t: object) -> None:
    with pytest.raises(ValueError):
        charts.check_t(t)  # type: ignore[arg-type]
    with pytest.raises(ValueError):
        charts.chart_spec(small, "similarity", t)  # type: ignore[arg-type]


def test_column_labels() -> None:
    assert charts.column_label("pairs_estimate") == "Pairs (estimate)"
    assert charts.column_label("bin") == "Bin (0.001)"
    assert charts.column_label("lingua_says") == "Lingua says"  # unknown keys read as words


def test_clean_label_strips_control_characters_and_bounds_length() -> None:
    label = charts.clean_label("a\x00b\u202ec\n" + "x" * 100)
    assert label.startswith("a b c x") and len(label) == 60 and label.endswith("…")
    assert charts.clean_label("pinterest.com") == "pinterest.com"
