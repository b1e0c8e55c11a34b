"""app/core/format.py and its mirror in static/js/explainer.js give the same strings for the same inputs."""

from __future__ import annotations

import json
import random
import shutil
import subprocess
from pathlib import Path

import pytest

from app.core import format as fmt

ROOT = Path(__file__).resolve().parent.parent
NODE = shutil.which("node")

# node: read [[fn, args], ...] on stdin, print the results
RUNNER = """
const {format} = require(process.argv[2]);
const calls = JSON.parse(require('fs').readFileSync(0, 'utf8'));
process.stdout.write(JSON.stringify(calls.map(([fn, args]) => format[fn](...args))));
"""
JS_NAMES = {"one_in": "oneIn", "half_up": "halfUp", "at_cut": "atCut"}


def cases() -> list[tuple[str, list]]:
    rng = random.Random(5)
    edge_counts = [0, 1, 5, 999, 999.4, 999.5, 999.6, 1000, 1001, 9995, 9996, 22645, 99_950, 999_499, 999_500,
                   999_999, 1_000_000, 9_995_000, 34_270_773, 155_000_000, 999_600_000, 999_960_000,
                   2_322_161_808, 5_850_000_000, 12_800_000_000, 1.2e12, 12_345.5]
    counts = edge_counts + [rng.randint(0, 10**rng.randint(1, 13)) for _ in range(300)]
    shares = [0, 1e-9, 0.0004, 0.0005, 0.00049, 0.024, 0.0254, 0.0265, 0.125, 0.12345, 0.16, 0.5, 0.999, 1.0] + [
        rng.random() ** 3 for _ in range(300)]
    ts = [0, 0.0005, 0.28, 0.26, 0.2805, 0.2815, 0.3125, 0.5, 1.0] + [rng.random() for _ in range(200)]
    out: list[tuple[str, list]] = []
    out += [("group", [int(n)]) for n in counts] + [("group", [-1234567])]
    for fn in ("count", "compact", "estimate"):
        out += [(fn, [n]) for n in counts]
    out += [("pairs", [n, s, syn]) for n in counts[:60] for s, syn in ((1000, True), (1, False), (20000, True))]
    out += [("percent", [x]) for x in shares] + [("percent", [x, 0]) for x in shares] + [
        ("percent", [x, 2]) for x in shares]
    out += [("threshold", [t]) for t in ts] + [("score", [t]) for t in ts] + [("score", [6.25]), ("score", [0.8])]
    out += [("ratio", [x]) for x in [0.0286, 0.5, 0.995, 1.0, 1.6, 9.96, 10, 114.2, 2.188] + [
        rng.random() * 10 ** rng.randint(-2, 3) for _ in range(200)]]
    out += [("offset", [d]) for d in ts]
    out += [("mover", [name, a, b]) for name, a, b in (("English", 0.397, 0.412), ("Luxembourgish", 0.0058, 0.00001),
                                                       ("<b>x</b>", 0, 1))]
    out += [(fn, [t, None]) for fn in ("cut", "at_cut") for t in ts]
    out += [(fn, [None, d]) for fn in ("cut", "at_cut") for d in ts]
    out += [("words", [n]) for n in range(0, 120)]
    out += [("one_in", [x]) for x in shares]
    out += [("every", [x]) for x in shares + [1 / 99.94, 1 / 99.96, 1 / 37.75, 1 / 37.65]]
    return out


@pytest.mark.skipif(NODE is None, reason="node is not installed")
def test_js_formatting_matches_python(tmp_path):
    calls = cases()
    runner = tmp_path / "run.js"
    runner.write_text(RUNNER)
    out = subprocess.run([NODE, str(runner), str(ROOT / "static" / "js" / "explainer.js")],
                         input=json.dumps([[JS_NAMES.get(f, f), a] for f, a in calls]),
                         capture_output=True, text=True, check=True, timeout=60)
    got = json.loads(out.stdout)
    wrong = [(f, a, getattr(fmt, f)(*a), js) for (f, a), js in zip(calls, got, strict=True)
             if getattr(fmt, f)(*a) != js]
    assert not wrong, wrong[:10]


@pytest.mark.skipif(NODE is None, reason="node is not installed")
def test_js_table_cells_match_python(tmp_path):
    values = [0, 7, 1234, 12345678, 0.0, 0.28, 0.123456, 2.5, 1234.5, 99999.9, -0.25, True, None, "laion2B-en"]
    runner = tmp_path / "cell.js"
    runner.write_text("""
const {format} = require(process.argv[2]);
const vals = JSON.parse(require('fs').readFileSync(0, 'utf8'));
process.stdout.write(JSON.stringify(vals.map(([v, isInt]) => format.cell(v, isInt))));
""")
    pairs = [[v, isinstance(v, int) and not isinstance(v, bool)] for v in values]
    out = subprocess.run([NODE, str(runner), str(ROOT / "static" / "js" / "explainer.js")], input=json.dumps(pairs),
                         capture_output=True, text=True, check=True, timeout=60)
    assert json.loads(out.stdout) == [fmt.cell(v) for v in values]


def test_examples():
    assert fmt.estimate(155_000_000) == "≈155M"
    assert fmt.estimate(2_322_161_808) == "≈2.32B"
    assert fmt.count(155_012_345) == "155,012,345"
    assert fmt.percent(0.024) == "2.4%" and fmt.percent(0.00001) == "<0.1%"
    assert fmt.threshold(0.28) == "0.280" and fmt.score(0.28) == "0.28"
    assert fmt.one_in(155_000_000 / 5_850_000_000) == "one in forty"
    assert fmt.every(155_000_000 / 5_850_000_000) == "1 in 37.7" and fmt.every(0.0004) == "1 in 2,500"
    assert fmt.compact(999_960_000) == "1B" and fmt.compact(12.8e9) == "12.8B"
    assert fmt.cut(0.28, None) == "0.280" and fmt.cut(None, 0.01) == "published +0.010"
    assert fmt.at_cut(None, 0.01) == "each subset's published threshold +0.010"
