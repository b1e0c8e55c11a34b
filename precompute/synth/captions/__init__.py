"""Caption pools for the synthetic replica: distinct ALT texts per (kind of site, language label).

Kinds: `product` (Shopify-style shop titles), `slide` (SlidePlayer slide text), `pin` (Pinterest
pins), `web` (the long tail: stock photos, news, blogs, filenames, labels) and `textimg` (text that
is also in the image: the captions CLIP scores highest). Languages: `en`, a CLD3 code of
laion2B-multi, or `und` for laion1B-nolang.

In LAION the label *is* CLD3's answer on the caption, so labelled pools keep only the captions
CLD3 gives that label. Captions in multi are in the language their label claims, except
Luxembourgish: most captions labelled `lb` are English, German or French text that CLD3 calls
Luxembourgish (the essay's finding that the detector fails toward `lb`); about a fifth is real
Luxembourgish.

The templates and word lists are data (precompute/synth/data/captions/, read by captions.tables);
this module draws pools from them and filters them through CLD3.
"""

from __future__ import annotations

import functools
import hashlib
from typing import Any

import numpy as np

from precompute.synth.captions.engine import Templates, Words, weighted_pool
from precompute.synth.captions.tables import KINDS, Language, own_languages, phrase_languages

NOLANG = "und"
# multi's biggest labels: templates of their own for every kind of site (the others share phrases)
BIG: frozenset[str] = frozenset(own_languages()) - {"en", NOLANG}
# What Luxembourgish-labelled captions really are: mostly English text (CLD3 calls it lb).
LB_MIX = (("en", 0.65), ("de", 0.08), ("fr", 0.07), ("lb", 0.20))
MIN_AGREEING = 8  # distinct captions CLD3 must agree on before a pool is filtered to them


def languages() -> set[str]:
    """Every language a pool can be built for."""
    return {*own_languages(), *phrase_languages()}


def _table(lang: str) -> Language | None:
    return own_languages().get(lang) or phrase_languages().get(lang)


def has_textimg(lang: str) -> bool:
    """Whether the language has text-in-image captions (slide endings, greetings, posters)."""
    table = _table(lang)
    return table is not None and "textimg" in table.kinds


def _templates(kind: str, lang: str) -> tuple[Templates, Words]:
    table = _table(lang)
    if table is None:
        raise ValueError(f"no captions for language {lang!r}")
    return table.templates(kind), table.words


def _rng(*key: object) -> np.random.Generator:
    digest = hashlib.sha256(repr(key).encode()).digest()
    return np.random.default_rng(int.from_bytes(digest[:8], "little"))


@functools.cache
def _cld3() -> Any:
    import gcld3

    return gcld3.NNetLanguageIdentifier(min_num_bytes=0, max_num_bytes=1000)


def _detected_as(texts: list[str], counts: np.ndarray, lang: str) -> tuple[list[str], np.ndarray]:
    """Keep the captions CLD3 labels `lang`: in LAION the label *is* CLD3's answer on the caption."""
    det = _cld3()
    keep = np.array([det.FindLanguage(t).language == lang for t in texts], dtype=bool)
    return [t for t, k in zip(texts, keep, strict=True) if k], counts[keep]


def build_pool(kind: str, lang: str, size: int, seed: int) -> tuple[list[str], np.ndarray]:
    """Distinct captions of one kind and language label, with weights (about `size` draws in all).

    Captions of a labelled pool are kept only where CLD3 gives that label, as in LAION (falling back
    to the unfiltered pool when CLD3 almost never does, for a few small languages). The
    same arguments give the same pool, in the same order.
    """
    if kind not in KINDS:
        raise ValueError(f"unknown caption kind {kind!r}")
    rng = _rng("captions", seed, kind, lang)
    if lang != "lb":
        if lang not in languages():
            raise ValueError(f"no captions for language {lang!r}")
        # draw extra where CLD3 will turn many down (English shop titles often read as lb, fy, ht...)
        draws = size if lang == NOLANG else 2 * size
        texts, counts = weighted_pool(rng, *_templates(kind, lang), draws)
        if lang == NOLANG:
            return texts, counts
        kept, kept_counts = _detected_as(texts, counts, lang)
        return (kept, kept_counts) if len(kept) >= min(MIN_AGREEING, len(texts)) else (texts, counts)
    # Luxembourgish: what CLD3 calls lb is mostly English (and some German and French) shop text
    merged: dict[str, float] = {}
    for src, share in LB_MIX:
        source_kind = kind if kind != "textimg" else "web"
        # English shop text is called lb only now and then: draw enough to find some at any scale
        draws = 3 * size if src == "lb" else max(3 * size, 4000)
        t, c = weighted_pool(rng, *_templates(source_kind, src), draws)  # lb itself: its phrases
        t, c = _detected_as(t, c, "lb")
        for text, w in zip(t, c / max(1, c.sum()) * share * size, strict=True):
            merged[text] = merged.get(text, 0.0) + float(w)
    return list(merged), np.fromiter(merged.values(), dtype=np.float64)
