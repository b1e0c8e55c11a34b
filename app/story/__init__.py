"""The story as data: eight steps, each a list of beats (prose + the chart shown beside it).

The story page, the slides (/present) and the embeds all render these same steps, so no prose lives
in the page templates. The package keeps the prose apart from the code that puts numbers into it:

    model.py        the step model: Step, Beat, Block, Num, Link, Em, Paragraph, plain
    numbers.py      Numbers (formats numbers for prose, records where each came from), stat_value
    prose/*.txt     the sentences, one file per step plus the page's own lines (prose/README.md)
    loader.py       reads the prose format into Steps and paragraphs
    steps/          the wiring: per step, the numbers and flags its prose needs, from the Dataset
    page.py         the page title, dek, credit and synthetic-replica note
    essay.py        the essay retold: title, authors, publisher, address
    site_search.py  'Is your site in it?': the box's data and answers
    appendix.py     how to cite, licences, provenance, corrections

Every number comes from the aggregates (`Dataset`) or from the cited reference tables in
precompute/contract/reference; each `Num` records which, and step 8 lists them.
"""

from __future__ import annotations

from app.story.essay import ESSAY_AUTHORS, ESSAY_PUBLISHER, ESSAY_TITLE, ESSAY_URL
from app.story.model import Beat, Block, Em, Link, Num, Paragraph, Segment, Step, plain
from app.story.numbers import Numbers, stat_value
from app.story.page import PAGE_DEK, PAGE_TITLE, credit, synthetic_note
from app.story.steps import build_steps
from app.story.steps.divide import CLD3_EXAMPLES

__all__ = [
    "CLD3_EXAMPLES", "ESSAY_AUTHORS", "ESSAY_PUBLISHER", "ESSAY_TITLE", "ESSAY_URL", "PAGE_DEK", "PAGE_TITLE",
    "Beat", "Block", "Em", "Link", "Num", "Numbers", "Paragraph", "Segment", "Step",
    "build_steps", "credit", "plain", "stat_value", "synthetic_note",
]
