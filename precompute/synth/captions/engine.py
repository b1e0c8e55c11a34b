"""A tiny template engine: captions are templates whose {slots} are filled from word lists.

The templates and lists are data (precompute/synth/data/captions/, read by captions.tables); this
is the machinery that renders them. An entry of a list may hold slots of its own ("- Size {size}"),
and a list may hold the empty entry (a slot that is sometimes left out); doubled spaces are squeezed
after rendering, so "Women's " can fill a slot with its trailing space.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

Words = Mapping[str, Sequence[str]]
Templates = Sequence[tuple[float, str]]  # (weight, template)

_SLOT = re.compile(r"\{(\w+)\}")


def slots(text: str) -> list[str]:
    """The slot names of a template or an entry, in order: 'a {x} b {y}' -> ['x', 'y']."""
    return _SLOT.findall(text)


def _parts(template: str) -> list[tuple[bool, str]]:
    """'a {x} b' -> [(False, 'a '), (True, 'x'), (False, ' b')]."""
    out, pos = [], 0
    for m in _SLOT.finditer(template):
        out += [(False, template[pos:m.start()]), (True, m.group(1))]
        pos = m.end()
    return [*out, (False, template[pos:])]


def _options(name: str, lists: Words) -> Sequence[str]:
    options = lists.get(name)
    if not options:
        raise KeyError(f"no word list for slot {{{name}}}")
    return options


def _expand(text: str, lists: Words) -> list[tuple[str, float]]:
    """Every rendering of `text` with its probability (entries may hold slots: "- Size {size}")."""
    out = [("", 1.0)]
    for is_slot, part in _parts(text):
        if not is_slot:
            out = [(s + part, p) for s, p in out]
            continue
        options = _options(part, lists)
        sub = [(v, q / len(options)) for e in options for v, q in _expand(e, lists)]
        out = [(s + v, p * q) for s, p in out for v, q in sub]
    return out


def _slot_table(name: str, lists: Words) -> tuple[pa.Array, np.ndarray]:
    pairs = [(v, q / len(_options(name, lists))) for e in _options(name, lists) for v, q in _expand(e, lists)]
    cum = np.cumsum([q for _, q in pairs])
    return pa.array([v for v, _ in pairs], pa.string()), cum / cum[-1]


def weighted_pool(rng: np.random.Generator, templates: Templates, lists: Words,
                  draws: int) -> tuple[list[str], np.ndarray]:
    """Distinct captions from `draws` renderings of weighted templates, with how often each came up.

    Vectorised: each slot of a template is filled for all its draws at once with pyarrow. Sampling
    rows by the counts keeps the template weights: a template with few variants ("Home", "Logo")
    repeats, one with millions of variants (news captions) rarely does, as on the web.
    """
    w = np.array([t[0] for t in templates], dtype=np.float64)
    per_template = rng.multinomial(max(1, draws), w / w.sum())
    tables: dict[str, tuple[pa.Array, np.ndarray]] = {}
    chunks: list[pa.Array] = []
    for (_, template), m in zip(templates, per_template, strict=True):
        if m == 0:
            continue
        parts: list[pa.Array | str] = []
        for is_slot, text in _parts(template):
            if not is_slot:
                parts.append(text)
                continue
            if text not in tables:
                tables[text] = _slot_table(text, lists)
            values, cum = tables[text]
            parts.append(values.take(pa.array(np.searchsorted(cum, rng.random(m), side="right").clip(0, len(cum) - 1))))
        if any(isinstance(x, pa.Array) for x in parts):
            chunks.append(pc.binary_join_element_wise(*parts, ""))
        else:
            chunks.append(pa.array([template] * int(m), pa.string()))
    texts = pc.utf8_trim_whitespace(pc.replace_substring_regex(pa.concat_arrays(chunks), r"\s+", " "))
    texts = texts.filter(pc.greater(pc.utf8_length(texts), 0))
    vc = pc.value_counts(texts)
    return vc.field("values").to_pylist(), vc.field("counts").to_numpy().astype(np.int64)
