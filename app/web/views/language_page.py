"""`/?text=`, the no-JS language box: the cached story page with the answer inserted, not a page
rendered per text (a 490 KB render takes ~28 ms; inserting takes well under one).

The story page at t is rendered once with a marker as the box's text and split around it and around
the box's (empty) result; a request then joins the pieces with its escaped text and the answer's
fragment (templates/partials/cld3_result.html, the macro the full page uses), which gives exactly
the bytes the full render would (tests/web/test_render_pool.py checks it).

Compressing the joined 490 KB page would cost 15-30 ms a request (brotli or gzip), more than all the
rest. So the two big pieces are deflated once, each ended by a full flush (byte-aligned, no match
reaching across it), and a request deflates only its own few hundred bytes between them: the
concatenation is one valid deflate stream, sent as gzip (the technique of pigz).
"""

from __future__ import annotations

import struct
import zlib
from dataclasses import dataclass
from typing import Any

from markupsafe import escape

from app.core.text import neutralise
from app.core.threshold import Cut
from app.web.compression import GZIP_LEVEL, compress
from app.web.context import Web
from app.web.views.story import story_data, story_html

MARK = "\ue000cld3-text\ue001"  # private-use characters: escaping leaves them alone, no caption has them
RESULT_AT = b"data-cld3-result>\n"  # the result's container in templates/partials/blocks.html
GZIP_HEADER = b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\xff"  # deflate, no name, no time, unknown OS (RFC 1952)


@dataclass(frozen=True, slots=True)
class Pieces:
    """The story page at t around the box's text and around its result."""

    before: bytes
    middle: bytes
    after: bytes
    deflated_before: bytes  # raw deflate, ended by a full flush
    deflated_after: bytes  # raw deflate, the stream's final block
    crc_before: int

    @property
    def size(self) -> int:  # weighed by its bytes in the bodies cache
        return sum(map(len, (self.before, self.middle, self.after, self.deflated_before, self.deflated_after)))


def split(page: bytes) -> Pieces | None:
    mark = MARK.encode()
    if page.count(mark) != 1 or page.count(RESULT_AT) != 1:
        return None  # the template changed shape: the caller renders the whole page instead
    i = page.index(mark)
    j = page.index(RESULT_AT) + len(RESULT_AT)
    if j < i:
        return None
    before, after = page[:i], page[j:]
    return Pieces(before, page[i + len(mark):j], after, deflate(before, zlib.Z_FULL_FLUSH),
                  deflate(after, zlib.Z_FINISH), zlib.crc32(before))


def deflate(data: bytes, end: int) -> bytes:
    c = zlib.compressobj(GZIP_LEVEL, zlib.DEFLATED, -zlib.MAX_WBITS)  # raw deflate: no header of its own
    return c.compress(data) + c.flush(end)


def pieces(web: Web, t: Cut) -> Pieces | None:
    def make() -> Pieces | None:
        return split(story_html(web, {**story_data(web, t), "text": MARK}))

    return web.bodies.get_or_set(("story-pieces", t, web.assets_key()), make)


def result_html(web: Web, answer: dict[str, Any]) -> str:
    macro = web.templates.get_template("partials/cld3_result.html").module.cld3_result  # type: ignore[attr-defined]
    return str(macro(answer))


def language_page(web: Web, t: Cut, text: str, answer: dict[str, Any], gzip: bool = False) -> bytes:
    """The story at t with `text` in the language box and `answer` below it (`gzip`: gzip-encoded)."""
    p = pieces(web, t)
    if p is None:
        page = story_html(web, {**story_data(web, t), "text": text, "language": answer})
        return compress(page, "gzip") if gzip else page
    # as the full render does (the templates' finalize): what the reader typed, without control or bidi
    # characters, escaped
    own = str(escape(neutralise(text))).encode() + p.middle + result_html(web, answer).encode()
    if not gzip:
        return b"".join((p.before, own, p.after))
    crc = zlib.crc32(p.after, zlib.crc32(own, p.crc_before))
    size = len(p.before) + len(own) + len(p.after)
    return b"".join((GZIP_HEADER, p.deflated_before, deflate(own, zlib.Z_FULL_FLUSH), p.deflated_after,
                     struct.pack("<II", crc, size & 0xFFFFFFFF)))
