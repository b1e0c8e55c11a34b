"""The page's own lines, from prose/page.txt and prose/synthetic_note.txt: title, dek, credit, replica note."""

from __future__ import annotations

from functools import cache

from app.core import format as fmt
from app.core.dataset import Dataset
from app.story import loader
from app.story.model import Num, Paragraph

PAGE_TITLE = loader.constant("page", "title")
PAGE_DEK = loader.constant("page", "dek")


@cache
def credit() -> Paragraph:
    """The credit line shown at the top and the foot of every page."""
    return loader.texts("page")["credit"][0]


def synthetic_note(ds: Dataset) -> Paragraph:
    """What the synthetic replica is, said once near the top (badges repeat it beside each number)."""
    rows = ds.manifest.rows
    return loader.texts("synthetic_note", {"rows": Num(fmt.count(rows), rows),
                                           "scale": Num(fmt.count(ds.scale), ds.scale)})["note"][0]
