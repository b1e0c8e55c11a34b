"""Every live number the server writes (story prose, chart descriptions: the aria-describedby text) reads
the same when the page's JavaScript re-formats it at the same cut: explainer-core.js statValue + formatStat
over the JS arithmetic give, for each data-stat key and data-format, the server's text (node).

So moving the slider to a cut shows exactly what the server renders at that cut: no text keeps the
first cut's figures, and none is formatted differently from the server's."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from app import charts, story
from app.core.dataset import Dataset
from app.core.threshold import Cut
from app.web.views.common import script_data

ROOT = Path(__file__).resolve().parent.parent
NODE = shutil.which("node")
RUNNER = """
const T = require(process.argv[2]);
const core = require(process.argv[3]);
const {payload, data, cases} = JSON.parse(require('fs').readFileSync(0, 'utf8'));
process.stdout.write(JSON.stringify(cases.map(([t, d, parts]) => {
  const stats = d === null ? T.thresholdStats(payload, t) : T.thresholdStats(payload, null, d);
  return parts.map(([key, kind]) => core.formatStat(kind, core.statValue(stats, key), stats, data, key));
})));
"""
CUTS = [Cut(d=0), Cut(d=0.01), Cut(d=0.037), Cut(d=0.2), Cut(t=0.26), Cut(t=0.28), Cut(t=0.3), Cut(t=0.45)]


def live_parts(ds: Dataset, cut: Cut) -> list[tuple[str, str, str]]:
    """(key, format, text) of every live number of the story's prose and of the charts' descriptions."""
    out = []
    for step in story.build_steps(ds, cut):
        for p in step.paragraphs:
            out += [(s.key, s.fmt, s.text) for s in p if isinstance(s, story.Num) and s.key]
    for c in charts.available(ds):
        if c.describe_live:
            out += [(p["key"], p["fmt"], p["text"]) for p in c.describe_live(ds, cut) if isinstance(p, dict)]
    return out



@pytest.mark.skipif(NODE is None, reason="node is not installed")
@pytest.mark.parametrize("which", ["synthetic", "real"])
def test_js_re_formats_every_live_text_as_the_server_writes_it(which, request, tmp_path):
    ds = request.getfixturevalue("dataset" if which == "synthetic" else "real_dataset")
    web = type("W", (), {"ds": ds, "value": lambda self, key, make: make()})()
    page = script_data(web, CUTS[0])
    data = {"scale": page["scale"], "synthetic": page["synthetic"], "language_names": page["language_names"]}
    cases = [(c, live_parts(ds, c)) for c in CUTS]
    kinds = {k for _, parts in cases for _, k, _ in parts}
    assert {"pairs", "percent", "at_cut", "amount", "percent2"} <= kinds, kinds  # the test sees what it checks
    if ds.has("language"):
        assert "mover" in kinds
    runner = tmp_path / "live.js"
    runner.write_text(RUNNER)
    out = subprocess.run(
        [NODE, str(runner), str(ROOT / "static/js/threshold.js"), str(ROOT / "static/js/explainer-core.js")],
        input=json.dumps({"payload": ds.payload, "data": data,
                          "cases": [[c.t, c.d, [[k, f] for k, f, _ in parts]] for c, parts in cases]}),
        capture_output=True, text=True, check=True, timeout=120)
    got = json.loads(out.stdout)
    for (cut, parts), js in zip(cases, got, strict=True):
        wrong = [(k, f, py, j) for (k, f, py), j in zip(parts, js, strict=True) if py != j]
        assert not wrong, (cut, wrong[:5])


def test_descriptions_follow_the_cut(dataset):
    """A description stating a threshold-dependent number says another thing at another cut."""
    for c in charts.available(dataset):
        if c.describe_live:
            assert c.describe(dataset, Cut(d=0)) != c.describe(dataset, Cut(d=0.01)), c.id
            assert c.describe(dataset, Cut(d=0.01)) != c.describe(dataset, Cut(t=0.3)), c.id
