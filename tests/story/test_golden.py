"""The story reads as it did before its prose moved into app/story/prose/ (tests/story/golden.json).

Every step of every dataset in tests/story/golden.py is rendered afresh and compared with the pinned
text: a sentence dropped, reworded or moved to another beat, a number with another value or source,
a block or note lost, all fail here. When the prose changes on purpose, regenerate the file
(`python -m tests.story.golden`) and review its diff.
"""

from __future__ import annotations

import json
from typing import Any

import pytest

from app.core.dataset import Dataset, load
from tests.story.golden import GOLDEN, case_key, datasets, snapshot, thresholds

PINNED: dict[str, Any] = json.loads(GOLDEN.read_text(encoding="utf-8"))["cases"]
STEP_IDS = ["opening", "sources", "threshold", "stack", "divide", "aesthetics", "safety", "method"]


@pytest.fixture(scope="module")
def built(dataset: Dataset, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Dataset]:
    """The six datasets: the session's replica and the small real-format builds."""
    out = {"replica": dataset}
    for name, make in datasets().items():
        if name != "replica":
            out[name] = load(make(tmp_path_factory.mktemp(name)))
    return out


def test_the_pinned_cases_cover_every_dataset_and_step():
    names = {k.split("@")[0] for k in PINNED}
    assert names == set(datasets())
    for key, case in PINNED.items():
        assert [s["id"] for s in case["steps"]] == STEP_IDS, key
        assert all(b["paragraphs"] for s in case["steps"] for b in s["beats"]), key


@pytest.mark.parametrize("name", sorted(datasets()))
def test_every_step_reads_as_pinned(built: dict[str, Dataset], name: str):
    ds = built[name]
    keys = [case_key(name, t) for t in thresholds(name, ds)]
    assert sorted(keys) == sorted(k for k in PINNED if k.startswith(name + "@"))
    for t, key in zip(thresholds(name, ds), keys, strict=True):
        now, then = snapshot(ds, t), PINNED[key]
        assert now["page"] == then["page"], key
        for got, want in zip(now["steps"], then["steps"], strict=True):
            assert got == want, f"{key}: step {want['id']}"
        assert now["appendix"] == then["appendix"], key
