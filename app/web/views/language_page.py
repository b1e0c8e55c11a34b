"""`/?text=`, the no-JS language box: the cached story page with the answer inserted, not a page
rendered per text (a 490 KB render takes ~28 ms; inserting takes well under one).

The story page at t is rendered once with a marker as the box's text and split around it and around
the box's (empty) result; a request then joins the pieces with its escaped text and the answer's
fragment (templates/partials/cld3_result.html, the macro the full page uses), which gives exactly
the bytes the full render would (tests/web/test_render_pool.py checks it).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from markupsafe import escape

from app.web.context import Web
from app.web.views.story import story_data, story_html

MARK = "\ue000cld3-text\ue001"  # private-use characters: escaping leaves them alone, no caption has them
RESULT_AT = b"data-cld3-result>\n"  # the result's container in templates/partials/blocks.html


@dataclass(frozen=True, slots=True)
class Pieces:
    """The story page at t around the box's text and around its result."""

    before: bytes
    middle: bytes
    after: bytes

    @property
    def size(self) -> int:  # weighed by its bytes in the bodies cache
        return len(self.before) + len(self.middle) + len(self.after)


def split(page: bytes) -> Pieces | None:
    mark = MARK.encode()
    if page.count(mark) != 1 or page.count(RESULT_AT) != 1:
        return None  # the template changed shape: the caller renders the whole page instead
    i = page.index(mark)
    j = page.index(RESULT_AT) + len(RESULT_AT)
    if j < i:
        return None
    return Pieces(page[:i], page[i + len(mark):j], page[j:])


def pieces(web: Web, t: float) -> Pieces | None:
    def make() -> Pieces | None:
        return split(story_html(web, {**story_data(web, t), "text": MARK}))

    return web.bodies.get_or_set(("story-pieces", t, web.assets_key()), make)


def result_html(web: Web, answer: dict[str, Any]) -> str:
    macro = web.templates.get_template("partials/cld3_result.html").module.cld3_result  # type: ignore[attr-defined]
    return str(macro(answer))


def language_page(web: Web, t: float, text: str, answer: dict[str, Any]) -> bytes:
    """The story at t with `text` in the language box and `answer` below it."""
    p = pieces(web, t)
    if p is None:
        return story_html(web, {**story_data(web, t), "text": text, "language": answer})
    return b"".join((p.before, str(escape(text)).encode(), p.middle, result_html(web, answer).encode(), p.after))
