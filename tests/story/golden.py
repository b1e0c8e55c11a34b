"""The story as it reads today, pinned: every step, page line and appendix sentence on six datasets.

`snapshot(ds, t)` reduces what app.story produces to JSON: each step as story.json ships it, with
runs of plain text merged (a sentence split into two strings reads the same as one) and the values
that change from one build to the next (build date and time, byte counts, library versions) masked.
(A space at the end of a paragraph reads as nothing: the old code left one where an optional
sentence was missing, the prose files do not.)
tests/story/test_golden.py compares it with tests/story/golden.json, written by the code before
the prose moved into app/story/prose/. When the prose changes on purpose, rewrite the file and
read the diff sentence by sentence before committing it:

    python -m tests.story.golden        # rebuilds the six datasets (about a minute)
"""

from __future__ import annotations

import json
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

GOLDEN = Path(__file__).with_name("golden.json")
MASK = "(varies by build)"
# facts rows whose values depend on when and with which libraries the data was built
VOLATILE_FACTS = ("Built", "Build time", "Bytes read", "Version")


def merge_text(paragraph: list[Any]) -> list[Any]:
    """Adjacent plain strings joined, empty ones dropped, spaces at either end of the paragraph dropped;
    numbers, links and emphasis kept as they are."""
    out: list[Any] = []
    for seg in paragraph:
        if isinstance(seg, str) and out and isinstance(out[-1], str):
            out[-1] += seg
            continue
        out.append(seg)
    if out and isinstance(out[0], str):
        out[0] = out[0].lstrip(" ")
    if out and isinstance(out[-1], str):
        out[-1] = out[-1].rstrip(" ")
    return [s for s in out if s != ""]


def _mask_rows(rows: list[list[str]]) -> list[list[str]]:
    return [[k, MASK if k.startswith(VOLATILE_FACTS) else v] for k, v in rows]


def _step(d: dict[str, Any]) -> dict[str, Any]:
    for beat in d["beats"]:
        beat["paragraphs"] = [merge_text(p) for p in beat["paragraphs"]]
        for block in beat["blocks"]:
            if block["kind"] == "facts":
                block["data"]["rows"] = _mask_rows(block["data"]["rows"])
    return d


def snapshot(ds: Any, t: float) -> dict[str, Any]:
    """What the story says about `ds` at `t`, as JSON."""
    from app import story
    from app.story import appendix

    def para(p: tuple[Any, ...]) -> list[Any]:
        return merge_text(json.loads(json.dumps([s if isinstance(s, str) else s.__dict__ for s in p])))

    steps = [_step(json.loads(json.dumps(s.as_json(), ensure_ascii=False))) for s in story.build_steps(ds, t)]
    app_doc = json.loads(json.dumps(appendix.build_appendix(ds), ensure_ascii=False))
    built, version = str(ds.manifest.created)[:10], str(ds.manifest.versions.get("explainer", ""))
    for k in ("text", "bibtex"):
        s = app_doc["cite"][k]
        for v in (built, built.replace("-", "")):
            s = s.replace(v, MASK) if v else s
        app_doc["cite"][k] = s.replace(f"version {version}", f"version {MASK}").replace(
            f"version = {{{version}}}", f"version = {{{MASK}}}")
    app_doc["provenance"]["rows"] = [[k, MASK if k.startswith(("Built", "Version of")) else v]
                                     for k, v in app_doc["provenance"]["rows"]]
    app_doc["provenance"]["inputs"] = [{**i, "bytes": MASK} for i in app_doc["provenance"]["inputs"]]
    return {
        "page": {"title": story.PAGE_TITLE, "dek": story.PAGE_DEK, "credit": para(story.credit()),
                 "synthetic_note": para(story.synthetic_note(ds)), "cld3_examples": list(story.CLD3_EXAMPLES)},
        "steps": steps,
        "appendix": app_doc,
    }


# ---------------------------------------------------------------- the datasets


def _replica(tmp: Path) -> Path:
    from precompute.build.run import build
    from precompute.synth.generate import generate
    from tests.conftest import TEST_SCALE, TEST_SEED

    generate(tmp / "synth", scale=TEST_SCALE, seed=TEST_SEED)
    build([str(tmp / "synth" / "*" / "*.parquet")], tmp / "agg")
    return tmp / "agg"


def datasets() -> dict[str, Callable[[Path], Path]]:
    """name -> a builder of that dataset's aggregates in a fresh folder (the tests' own fixtures)."""
    from tests.story.fixtures import NO_SCORES, build_other, build_real

    return {
        "replica": _replica,  # the default test replica (tests/conftest.py)
        "real": build_real,  # every column, synthetic=false
        "no_scores": lambda tmp: build_real(tmp, drop=NO_SCORES),  # no similarity, language, aesthetic
        "bare": lambda tmp: build_real(tmp, drop=(*NO_SCORES, "punsafe", "pwatermark")),
        "datacomp": lambda tmp: build_other(tmp, "datacomp"),  # no published threshold
        "coyo": lambda tmp: build_other(tmp, "coyo"),
    }


# the cuts each dataset is read at besides its default one (the replica and the full real build carry
# the live numbers; the others pin the sentences that depend on which columns are present): absolute
# thresholds t, and offsets d for data that publishes per-subset thresholds
EXTRA_T = {"replica": (0.3, 0.35), "real": (0.3,)}
EXTRA_D = {"replica": (0.01,), "real": (0.01,)}


def thresholds(name: str, ds: Any) -> list[Any]:
    """The cuts (app.core.threshold.Cut) a dataset is pinned at: its default first."""
    from app.core.figures import default_cut
    from app.core.threshold import Cut

    start = default_cut(ds)
    extra = [Cut(t=t) for t in EXTRA_T.get(name, ())] + ([Cut(d=d) for d in EXTRA_D.get(name, ())]
                                                         if start.offset else [])
    return [start, *(c for c in extra if c != start)]


def case_key(name: str, t: Any) -> str:
    return f"{name}@{t.t:.3f}" if t.d is None else f"{name}@d{t.d:.3f}"


def main() -> None:
    from app.core.dataset import load

    cases: dict[str, Any] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for name, make in datasets().items():
            ds = load(make(Path(tmp) / name))
            for t in thresholds(name, ds):
                cases[case_key(name, t)] = snapshot(ds, t)
    GOLDEN.write_text(json.dumps({"about": __doc__.splitlines()[0], "cases": cases}, ensure_ascii=False,
                                 indent=1, sort_keys=True) + "\n", encoding="utf-8")
    print(f"wrote {GOLDEN} ({len(cases)} cases)", file=sys.stderr)


if __name__ == "__main__":
    main()
