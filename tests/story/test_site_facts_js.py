"""siteFacts() in static/js/site-search.js gives the same labelled lines as app.story.site_search.facts():
the live box and the static export print an answer exactly as the no-JS page does."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from app.story.site_search import facts

ROOT = Path(__file__).resolve().parents[2]
NODE = shutil.which("node")
RUNNER = """
const {siteFacts} = require(process.argv[2]);
const cases = JSON.parse(require('fs').readFileSync(0, 'utf8'));
process.stdout.write(JSON.stringify(cases.map(([a, synthetic, scale]) => siteFacts(a, synthetic, scale))));
"""


def answer(pairs: int, rank: int, of: int, total: int, hosts: int, subsets: dict[str, int], site: str | None) -> dict:
    return {"domain": "example.com", "display": "example.com", "site": site, "pairs": pairs, "rank": rank, "of": of,
            "share": pairs / total, "hosts": hosts, "subsets": [{"name": k, "pairs": v} for k, v in subsets.items()]}


CASES = [
    # the replica: estimates, the replica's rows, a named site, every subset
    (answer(7394, 1, 42913, 292420, 3, {"laion2B-en": 4697, "laion2B-multi": 1935, "laion1B-nolang": 762},
            "Pinterest"), True, 20000),
    # one subset, one host, no site, a tiny share
    (answer(1, 14122, 42913, 292420, 1, {"laion2B-multi": 1}, None), True, 20000),
    # real counts: no estimate, exact numbers, several subsets
    (answer(61_234_567, 1, 25_310_442, 2_322_161_808, 412, {"laion2B-en": 60_000_000, "laion2B-multi": 1_234_567},
            "Pinterest"), False, 1),
    (answer(3, 9_876_543, 25_310_442, 5_850_000_000, 2, {"laion1B-nolang": 3}, None), False, 1),
    # no subset column, a share that rounds up to a whole percent, scale 1 on a replica
    (answer(995, 2, 1000, 1000, 1, {}, None), True, 1),
    (answer(995, 2, 1000, 1000, 1, {}, "Shopify"), False, 1),
    (answer(12_345, 7, 99_999, 1_000_000, 10, {"laion2B-en": 12_345}, None), True, 1000),
]


@pytest.mark.skipif(NODE is None, reason="node is not installed")
def test_site_facts_match_python(tmp_path):
    runner = tmp_path / "facts.js"
    runner.write_text(RUNNER)
    out = subprocess.run([NODE, str(runner), str(ROOT / "static" / "js" / "site-search.js")],
                         input=json.dumps(CASES), capture_output=True, text=True, check=True, timeout=60)
    got = json.loads(out.stdout)
    want = [[list(line) for line in facts(a, synthetic, scale)] for a, synthetic, scale in CASES]
    assert got == want
    assert any(len(lines) == 6 for lines in want) and any(len(lines) == 4 for lines in want)
