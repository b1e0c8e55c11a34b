"""The JavaScript port of the threshold arithmetic (static/js/threshold.js) agrees with app/core/threshold.py
at 200 random thresholds and 100 random offsets, on the synthetic default and on a real-format build (node;
Chromium in tests/browser/test_story.py)."""

from __future__ import annotations

import json
import random
import shutil
import subprocess
from pathlib import Path

import pytest

from app.core.dataset import Dataset
from app.core.threshold import threshold_stats

ROOT = Path(__file__).resolve().parent.parent
NODE = shutil.which("node")
RUNNER = """
const T = require(process.argv[2]);
const {payload, ts, ds} = JSON.parse(require('fs').readFileSync(0, 'utf8'));
process.stdout.write(JSON.stringify([ts.map(t => T.thresholdStats(payload, t)),
                                     ds.map(d => T.thresholdStats(payload, null, d))]));
"""


def thresholds(n: int = 200, seed: int = 11) -> list[float]:
    rng = random.Random(seed)
    edges = [0.0, 0.26, 0.28, 0.2805, 0.2795, 0.5, 1.0]
    return edges + [rng.uniform(0.2, 0.55) for _ in range(n - len(edges))]


def offsets(n: int = 100, seed: int = 12) -> list[float]:
    rng = random.Random(seed)
    edges = [0.0, 0.0004, 0.0005, 0.001, 0.01, 0.0105, 0.02, 0.22, 0.5]
    return edges + [rng.uniform(0, 0.25) for _ in range(n - len(edges))]


def assert_same(py: object, js: object, where: str = "") -> None:
    if isinstance(py, dict):
        assert isinstance(js, dict) and set(py) == set(js), where
        for k in py:
            assert_same(py[k], js[k], f"{where}.{k}")
    elif isinstance(py, list):
        assert isinstance(js, list) and len(py) == len(js), where
        for i, (a, b) in enumerate(zip(py, js, strict=True)):
            assert_same(a, b, f"{where}[{i}]")
    elif isinstance(py, float):
        assert js == pytest.approx(py, rel=1e-12, abs=1e-15), where
    else:
        assert py == js, where


def run_node(ds: Dataset, ts: list[float], tmp: Path, offs: list[float] | None = None) -> list[dict]:
    """JS stats at each t, then (offs given) at each offset d after them."""
    runner = tmp / "threshold.js"
    runner.write_text(RUNNER)
    out = subprocess.run([NODE, str(runner), str(ROOT / "static" / "js" / "threshold.js")],
                         input=json.dumps({"payload": ds.payload, "ts": ts, "ds": offs or []}), capture_output=True,
                         text=True, check=True, timeout=120)
    at_t, at_d = json.loads(out.stdout)
    return at_t + at_d



@pytest.mark.skipif(NODE is None, reason="node is not installed")
@pytest.mark.parametrize("which", ["synthetic", "real"])
def test_js_port_agrees_at_200_thresholds(which, request, tmp_path):
    ds = request.getfixturevalue("dataset" if which == "synthetic" else "real_dataset")
    ts = thresholds()
    got = run_node(ds, ts, tmp_path)
    for t, js in zip(ts, got, strict=True):
        assert_same(threshold_stats(ds.payload, t), js, f"t={t}")


@pytest.mark.skipif(NODE is None, reason="node is not installed")
@pytest.mark.parametrize("which", ["synthetic", "real"])
def test_js_port_agrees_at_100_offsets(which, request, tmp_path):
    ds = request.getfixturevalue("dataset" if which == "synthetic" else "real_dataset")
    offs = offsets()
    got = run_node(ds, [], tmp_path, offs)
    assert len(got) == len(offs)
    for d, js in zip(offs, got, strict=True):
        py = threshold_stats(ds.payload, None, d)
        assert py["mode"] == "offset" and py["sites"], f"d={d}: no site mix"
        assert_same(py, js, f"d={d}")
