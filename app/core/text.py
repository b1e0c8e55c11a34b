"""Text from the data and from readers made safe to show: no control or direction-override characters.

Captions, language codes and host names are untrusted web text. Escaping stops markup; it does not
stop U+202E (RIGHT-TO-LEFT OVERRIDE) turning "moc.live" into what reads as "evil.com", U+2066-2069
isolates and U+200E/F marks reordering the sentence around a caption, NUL and other C0/C1 controls
confusing a terminal or a spreadsheet, or tag characters hiding text. `neutralise` removes them:

- every Cc (control) character except tab, line feed and carriage return (ordinary whitespace);
- every Cf (format) character, bidi embeddings, overrides, isolates and marks among them, except
  U+200C ZERO WIDTH NON-JOINER and U+200D ZERO WIDTH JOINER, which Persian, the Indic scripts and
  emoji sequences need and which cannot reorder or hide text;
- lone surrogates (Cs), which JSON escapes can smuggle in and UTF-8 cannot encode.

It is applied where untrusted text enters (app/core/dataset.py: the aggregates and manifest; the
domain index's rows) and where anything leaves as text (the Jinja pages, JSON bodies), so HTML,
SVG charts, tooltips, CSV downloads and JSON all show the same neutralised string.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache
from typing import Any

KEEP = frozenset("\t\n\r\u200c\u200d")
CATEGORIES = frozenset({"Cc", "Cf", "Cs"})
# where Unicode puts its Cc, Cf and Cs characters: the BMP, plane 1 and the tags of plane 14 (planes
# 2-13 hold ideographs and unassigned code points; scanning only these takes 0.05 s, not 0.4)
PLANES = (range(0, 0x20000), range(0xE0000, 0xE1000))


@cache
def hazards() -> re.Pattern[str]:
    """One character class of every code point to remove (built once, from this Python's Unicode)."""
    ranges: list[tuple[int, int]] = []
    for cp in (cp for plane in PLANES for cp in plane):
        ch = chr(cp)
        if ch in KEEP or unicodedata.category(ch) not in CATEGORIES:
            continue
        if ranges and ranges[-1][1] == cp - 1:
            ranges[-1] = (ranges[-1][0], cp)
        else:
            ranges.append((cp, cp))
    body = "".join(re.escape(chr(a)) if a == b else f"{re.escape(chr(a))}-{re.escape(chr(b))}" for a, b in ranges)
    return re.compile(f"[{body}]")


def neutralise(text: str) -> str:
    """`text` without control, format (bidi) and lone surrogate characters (see above)."""
    if text.isascii() and text.isprintable():
        return text  # the common case, and the fast one
    return hazards().sub("", text)


def neutralise_doc(doc: Any) -> Any:
    """Every string of a JSON-like document (keys too) neutralised; other values as they are."""
    if isinstance(doc, str):
        return neutralise(doc)
    if isinstance(doc, dict):
        return {neutralise(k) if isinstance(k, str) else k: neutralise_doc(v) for k, v in doc.items()}
    if isinstance(doc, list | tuple):
        return [neutralise_doc(v) for v in doc]
    return doc
