"""The step model: what the story page, the slides (/present) and the embeds all render.

A step is a list of beats; a beat is a stretch of prose with the chart that fills the sticky panel
while it is read, and the blocks beside it. Prose is a list of paragraphs; a paragraph is a tuple
of segments: plain strings, numbers (`Num`, live when they carry a `data-stat` key), links and
emphasis. Templates escape every string, so captions from the data (untrusted web text) are safe
wherever they go.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Num:
    """A number in prose. With `key`, the page marks it data-stat=key and the slider updates it."""

    text: str
    value: float | None = None
    key: str | None = None
    fmt: str | None = None  # pairs | percent | threshold: how explainer.js re-formats a live value
    source: str = ""
    kind: str = "num"


@dataclass(frozen=True)
class Link:
    text: str
    href: str
    kind: str = "link"


@dataclass(frozen=True)
class Em:
    text: str
    kind: str = "em"


Segment = str | Num | Link | Em
Paragraph = tuple[Segment, ...]


@dataclass(frozen=True)
class Block:
    """Structured content beside the prose: caption samples, the stack, the CLD3 box, tables."""

    kind: str
    title: str = ""
    data: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Beat:
    """A stretch of prose; while it is read, `chart` fills the sticky panel."""

    paragraphs: tuple[Paragraph | str, ...]
    chart: str | None = None
    blocks: tuple[Block, ...] = ()
    slider: bool = False  # the step's slider sits in this beat instead of sticking over the whole step

    def __post_init__(self) -> None:
        # a paragraph with no number may be written as a bare string: store it as a 1-tuple
        object.__setattr__(self, "paragraphs", tuple((p,) if isinstance(p, str) else p for p in self.paragraphs))


@dataclass(frozen=True)
class Step:
    id: str
    number: int
    title: str
    kicker: str
    beats: tuple[Beat, ...]
    slider: bool = False
    notes: tuple[str, ...] = ()  # speaker notes for /present
    missing: tuple[str, ...] = ()  # what this dataset cannot show, and why

    @property
    def paragraphs(self) -> list[Paragraph]:
        return [p for b in self.beats for p in b.paragraphs]

    @property
    def charts(self) -> list[str]:
        return [b.chart for b in self.beats if b.chart]

    @property
    def blocks(self) -> list[Block]:
        return [k for b in self.beats for k in b.blocks]

    def as_json(self) -> dict[str, Any]:
        d = dataclasses.asdict(self)
        d["charts"] = self.charts
        return d


def plain(p: Paragraph) -> str:
    """A paragraph as plain text (speaker notes, descriptions)."""
    return "".join(s if isinstance(s, str) else s.text for s in p)
