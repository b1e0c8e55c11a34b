"""The story's appendix, as Distill has it: how to cite, the reuse licence, where the data came from,
and the corrections list (app/story/corrections.json). Data only: templates/partials/appendix.html
renders it, escaped like everything else.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path, PurePath
from typing import Any

from app import charts
from app.core import format as fmt
from app.core.dataset import Dataset
from app.story.essay import ESSAY_AUTHORS, ESSAY_PUBLISHER, ESSAY_TITLE, ESSAY_URL
from app.story.page import PAGE_TITLE

CORRECTIONS = Path(__file__).with_name("corrections.json")
PROJECT = "LAION-5B explainer"
CODE_LICENCE = {"name": "MIT", "url": "https://opensource.org/license/mit"}
CONTENT_LICENCE = {"name": "CC BY 4.0", "url": "https://creativecommons.org/licenses/by/4.0/"}


@cache
def _corrections(mtime: float) -> list[dict[str, str]]:
    doc = json.loads(CORRECTIONS.read_text(encoding="utf-8"))
    return [{"date": str(c.get("date", "")), "where": str(c.get("where", "")), "text": str(c.get("text", ""))}
            for c in doc.get("corrections", [])]


def corrections() -> list[dict[str, str]]:
    """The corrections, newest first (re-read when the file changes)."""
    return _corrections(CORRECTIONS.stat().st_mtime)


def _version(ds: Dataset) -> str:
    return ds.manifest.versions.get("explainer", "")


def _built(ds: Dataset) -> str:
    return ds.manifest.created[:10]


def _bibtex_escape(s: str) -> str:
    for ch in "&%$#_{}":
        s = s.replace(ch, "\\" + ch)
    return s


def citation(ds: Dataset) -> dict[str, str]:
    """How to cite: one line of text and a BibTeX entry. The page's own address is filled in by
    the browser (the server cannot know under which name it is published); `{url}` marks it."""
    built, version = _built(ds), _version(ds)
    data = charts.credit_lines(ds)[0].removeprefix("Data: ").rstrip(".")
    year = built[:4] or "n.d."
    text = (f"{PROJECT}, “{PAGE_TITLE}”, version {version}, data built {built}; after "
            f"{ESSAY_AUTHORS}, “{ESSAY_TITLE}” ({ESSAY_PUBLISHER}). Data: {data}. {{url}}")
    key = "laion5b_explainer_" + (built.replace("-", "") or "undated")
    fields = [
        ("title", f"{{{_bibtex_escape(PAGE_TITLE)}}}"),
        ("author", f"{{{_bibtex_escape(PROJECT)}}}"),
        ("year", year),
        ("version", _bibtex_escape(version)),
        ("date", built),
        ("url", "{url}"),
        ("note", f"After {_bibtex_escape(ESSAY_AUTHORS)}, ``{_bibtex_escape(ESSAY_TITLE)}'' "
                 f"({_bibtex_escape(ESSAY_PUBLISHER)}), {ESSAY_URL}. "
                 f"Data: {_bibtex_escape(data)}"),
        ("license", CONTENT_LICENCE["name"]),
    ]
    body = ",\n".join(f"  {k} = {{{v}}}" for k, v in fields)
    return {"text": text, "bibtex": f"@misc{{{key},\n{body}\n}}"}


def provenance(ds: Dataset) -> dict[str, Any]:
    """Where the numbers came from, straight from the manifest (file names only, never server paths)."""
    m = ds.manifest
    rows: list[tuple[str, str]] = [
        ("Data source", charts.credit_lines(ds)[0].removeprefix("Data: ")),
        ("Dataset", m.dataset),
        ("Profile", str(m.profile or "")),
        ("Synthetic replica", "yes: generated rows calibrated to the essay's published figures" if ds.synthetic
         else "no: counted from real metadata"),
    ]
    if ds.synthetic:
        rows += [("Seed", str(m.seed)), ("Generator", str(m.generator))]
    rows += [
        ("Rows", fmt.count(m.rows)),
        ("Scale", f"1 row stands for {fmt.count(ds.scale)} pair{'s' if ds.scale != 1 else ''}"),
        ("Input files", fmt.count(len(m.inputs))),
        ("Built", m.created),
    ]
    rows += [(f"Version of {k}", str(v)) for k, v in sorted(m.versions.items())]
    inputs = [{"file": PurePath(i.path).name, "subset": i.subset, "rows": fmt.count(i.rows),
               "bytes": fmt.count(i.bytes)} for i in m.inputs]
    return {"rows": rows, "inputs": inputs}


def build_appendix(ds: Dataset) -> dict[str, Any]:
    return {
        "cite": citation(ds),
        "licence": {"code": CODE_LICENCE, "content": CONTENT_LICENCE, "project": PROJECT},
        "provenance": provenance(ds),
        "corrections": corrections(),
        "synthetic": ds.synthetic,
    }
