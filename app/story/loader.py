"""The prose format: the story's sentences live in app/story/prose/*.txt, one file per step.

A prose file is a Jinja2 text template. The wiring module of its step (app/story/steps/) computes
the numbers and flags the step needs and renders the file with them; this module turns the result
into a `Step`. The format, in full (prose/README.md says the same for writers):

    {# a comment #}
    title: One number decides            header lines, before the first marker: title, kicker,
    kicker: The threshold                and `slider: yes` for a step whose slider sticks over it
    slider: yes

    === beat chart=similarity            a beat; `chart=ID` fills the sticky panel, `slider` puts
    A paragraph, wrapped over as many    the step's slider in this beat
    lines as it likes, with {{ num }}s
    and {{ link("a link", url) }}s.

    Another paragraph ({% if flag %}one    blank lines separate paragraphs; inside one, every run
    branch{% else %}or another{% endif %}).  of spaces and line breaks reads as one space

    === block samples                    a block of the current beat (the wiring passes it by this
    Sample captions by site              name, or None when the data has none); the paragraph
                                         under the marker is its title
    === notes                            speaker notes, one per paragraph
    === missing                          what this dataset cannot show, one per paragraph
    === text credit                      a named text (page-level files: page.txt, site_search.txt)

Placeholders: `{{ x }}` takes a `Num`, `Link` or `Em` (one segment each) or a string (plain text);
`em(text)` and `link(text, href)` make the other two in the prose itself. A number must arrive as a
`Num` (so it carries its source): an int or float in a placeholder is an error, as is an undefined
name. Jinja blocks (`{% if %}`, `{% for %}`, `{% macro %}`, `{% from "_shared.txt" import ... %}`)
decide which sentences a dataset gets; a line that holds only a block tag vanishes.

Escape safety: placeholder values are never parsed. Each becomes an opaque token (a private-use
character pair around an index) in the rendered text, so a string from the data cannot open a
paragraph, a beat or a placeholder of its own; marker and header lines must be literal prose.
Captions never reach a template at all: they travel as block data, which the page escapes. The
output of a macro (or of `{% set %}...{% endset %}`) is prose of the same file and is read as such.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable, Mapping
from contextvars import ContextVar
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup

from app.story import essay
from app.story.model import Beat, Block, Em, Link, Num, Paragraph, Segment, Step, plain

PROSE_DIR = Path(__file__).with_name("prose")
OPEN, CLOSE = "\ue000", "\ue001"  # private-use characters: no prose file may contain them
TOKEN = re.compile(f"{OPEN}(\\d+){CLOSE}")
MARKER = "=== "
SECTIONS = ("beat", "block", "notes", "missing", "text")
HEADER_KEYS = ("title", "kicker", "slider")
# what an escaped string looks like: a macro's output joined to a string with `~` would be HTML-escaped
ESCAPED = re.compile(r"&(?:amp|lt|gt|#34|#39|quot);")

# the segments of the render under way; placeholders index into it
_segments: ContextVar[list[Segment] | None] = ContextVar("prose_segments", default=None)


class ProseError(ValueError):
    """A prose file, or the values given to it, break the format above."""


@jinja2.pass_context  # (a context-taking finalize also stops Jinja folding constants at compile time)
def _placeholder(_context: jinja2.runtime.Context, value: Any) -> Markup:
    """Every `{{ ... }}` of a prose file: the value is kept aside and a token stands in for it."""
    if isinstance(value, Markup):  # a macro's output: prose of the same file, already tokenised
        return value
    if isinstance(value, jinja2.Undefined):
        str(value)  # StrictUndefined: raises UndefinedError naming the missing value
    if isinstance(value, bool) or not isinstance(value, str | Num | Link | Em):
        raise ProseError(f"a placeholder got {type(value).__name__} {value!r}: numbers reach prose as Num, "
                         "text as str")
    segments = _segments.get()
    if segments is None:
        raise ProseError("a placeholder was rendered outside render()")
    segments.append(value)
    return Markup(f"{OPEN}{len(segments) - 1}{CLOSE}")


class ProseLoader(jinja2.FileSystemLoader):
    """Prose files from a folder, refused when they hold the characters placeholders are made of."""

    def get_source(self, environment: jinja2.Environment, template: str) -> tuple[str, str | None,
                                                                                    Callable[[], bool] | None]:
        source, filename, uptodate = super().get_source(environment, template)
        if OPEN in source or CLOSE in source:
            raise ProseError(f"{filename}: holds a reserved character (U+E000 or U+E001)")
        return source, filename, uptodate


def _env() -> jinja2.Environment:
    env = jinja2.Environment(loader=ProseLoader(PROSE_DIR), autoescape=True, trim_blocks=True, lstrip_blocks=True,
                             undefined=jinja2.StrictUndefined, finalize=_placeholder)
    env.globals.update(
        em=Em, link=Link,
        ESSAY_TITLE=essay.ESSAY_TITLE, ESSAY_URL=essay.ESSAY_URL, ESSAY_AUTHORS=essay.ESSAY_AUTHORS,
        ESSAY_PUBLISHER=essay.ESSAY_PUBLISHER,
    )
    return env


ENV = _env()


# ---------------------------------------------------------------- rendering and reading


@dataclass
class Section:
    kind: str  # beat | block | notes | missing | text
    name: str = ""  # a block's or a text's name
    attrs: dict[str, str] = field(default_factory=dict)  # a beat's chart=ID and slider
    paragraphs: list[Paragraph] = field(default_factory=list)


@dataclass
class Prose:
    header: dict[str, str]
    sections: list[Section]


def _check_values(value: Any, where: str) -> None:
    """Markup is how the loader recognises prose: a value that arrives as Markup would be read as prose."""
    if isinstance(value, Markup):
        raise ProseError(f"{where}: Markup passed to a prose file")
    if isinstance(value, Mapping):
        for k, v in value.items():
            _check_values(v, f"{where}.{k}")
    elif isinstance(value, list | tuple):
        for i, v in enumerate(value):
            _check_values(v, f"{where}[{i}]")


def render(name: str, context: Mapping[str, Any]) -> Prose:
    """Render prose/<name>.txt with `context` and read it into a header and sections."""
    return render_template(ENV.get_template(f"{name}.txt"), context, name)


def render_template(template: jinja2.Template, context: Mapping[str, Any], name: str) -> Prose:
    """Render a template of ENV (or of an overlay of it) and read it; `name` names it in errors."""
    _check_values(dict(context), name)
    segments: list[Segment] = []
    token = _segments.set(segments)
    try:
        text = template.render(context)
    except jinja2.UndefinedError as e:
        raise ProseError(f"prose/{name}.txt: {e}") from None
    finally:
        _segments.reset(token)
    return _read(name, text, segments)


def _literal(line: str, name: str) -> str:
    if TOKEN.search(line):
        raise ProseError(f"prose/{name}.txt: a placeholder in a marker or header line: {line!r}")
    return line.strip()


def _marker(line: str, name: str) -> Section:
    kind, *rest = _literal(line, name)[len(MARKER.strip()):].split() or [""]
    if kind not in SECTIONS:
        raise ProseError(f"prose/{name}.txt: unknown section {kind!r} (one of {', '.join(SECTIONS)})")
    if kind in ("block", "text"):
        if len(rest) != 1:
            raise ProseError(f"prose/{name}.txt: '=== {kind}' takes one name: {line!r}")
        return Section(kind, name=rest[0])
    attrs = {}
    for word in rest:
        key, _, value = word.partition("=")
        if kind != "beat" or key not in ("chart", "slider") or (key == "chart") != bool(value):
            raise ProseError(f"prose/{name}.txt: unknown attribute {word!r} in {line!r}")
        attrs[key] = value
    return Section(kind, attrs=attrs)


def _read(name: str, text: str, segments: list[Segment]) -> Prose:
    header: dict[str, str] = {}
    sections: list[Section] = []
    para: list[str] = []

    def close() -> None:
        if para:
            p = _paragraph(" ".join(para), segments, name)
            if p:
                if not sections:
                    raise ProseError(f"prose/{name}.txt: prose before the first '=== ' marker: {plain(p)!r}")
                sections[-1].paragraphs.append(p)
            para.clear()

    for line in text.split("\n"):
        if line.strip() == MARKER.strip() or line.strip().startswith(MARKER):
            close()
            sections.append(_marker(line, name))
        elif not line.strip():
            close()
        elif not sections and not TOKEN.search(line) and line.partition(":")[0].strip() in HEADER_KEYS:
            key, _, value = _literal(line, name).partition(":")
            header[key.strip()] = value.strip()
        else:
            para.append(line)
    close()
    return Prose(header, sections)


def _paragraph(text: str, segments: list[Segment], name: str) -> Paragraph:
    """One paragraph's text, tokens replaced by their segments; runs of plain text merged."""
    out: list[Segment] = []
    parts = TOKEN.split(text)  # literal, index, literal, index, ..., literal
    for i, part in enumerate(parts):
        if i % 2:
            seg = segments[int(part)]
        else:
            if ESCAPED.search(part):
                raise ProseError(f"prose/{name}.txt: HTML-escaped text in prose ({part!r}); join macro output "
                                 "with plain text, not with ~")
            seg = re.sub(r"[ \t\n]+", " ", part)
            if i == 0:
                seg = seg.lstrip(" ")
            if i == len(parts) - 1:
                seg = seg.rstrip(" ")
        if isinstance(seg, str):
            if not seg:
                continue
            if out and isinstance(out[-1], str):
                out[-1] += seg
                continue
        out.append(seg)
    return tuple(out)


# ---------------------------------------------------------------- steps and texts


def step(name: str, context: Mapping[str, Any], blocks: Mapping[str, Block | None] | None = None) -> Step:
    """prose/<name>.txt rendered into a Step (numbered 0: build_steps numbers them in order).

    `blocks` holds every block the prose may place, by the name its `=== block` markers use; None for
    a block this dataset has nothing for (the marker is then skipped). Each block's title is the
    prose under its marker.
    """
    return build_step(name, render(name, context), blocks)


def build_step(name: str, prose: Prose, blocks: Mapping[str, Block | None] | None = None) -> Step:
    """A rendered prose file as a Step (see `step`)."""
    blocks = dict(blocks or {})
    for key in ("title", "kicker"):
        if key not in prose.header:
            raise ProseError(f"prose/{name}.txt: no '{key}:' header")
    if prose.header.get("slider", "no") not in ("yes", "no"):
        raise ProseError(f"prose/{name}.txt: 'slider:' is yes or no, not {prose.header['slider']!r}")
    beats: list[Beat] = []
    notes: list[str] = []
    missing: list[str] = []
    placed: set[str] = set()
    for s in prose.sections:
        if s.kind == "beat":
            beats.append(Beat(paragraphs=tuple(s.paragraphs), chart=s.attrs.get("chart"), slider="slider" in s.attrs))
        elif s.kind == "block":
            if not beats:
                raise ProseError(f"prose/{name}.txt: block {s.name!r} before the first beat")
            if s.name not in blocks:
                raise ProseError(f"prose/{name}.txt: block {s.name!r} is not one the wiring gives "
                                 f"({', '.join(blocks) or 'none'})")
            if len(s.paragraphs) > 1:
                raise ProseError(f"prose/{name}.txt: block {s.name!r} has more than a title under it")
            placed.add(s.name)
            block = blocks[s.name]
            if block is not None:
                title = plain(s.paragraphs[0]) if s.paragraphs else ""
                beats[-1] = dataclasses.replace(beats[-1], blocks=(*beats[-1].blocks, dataclasses.replace(
                    block, title=title)))
        elif s.kind == "notes":
            notes += [plain(p) for p in s.paragraphs]
        elif s.kind == "missing":
            missing += [plain(p) for p in s.paragraphs]
        else:
            raise ProseError(f"prose/{name}.txt: '=== text' belongs in page-level files, not in a step")
    unplaced = [k for k, b in blocks.items() if b is not None and k not in placed]
    if unplaced:
        raise ProseError(f"prose/{name}.txt: the wiring gives block(s) {', '.join(unplaced)} "
                         "that the prose never places")
    return Step(name, 0, prose.header["title"], prose.header["kicker"], tuple(beats),
                slider=prose.header.get("slider") == "yes", notes=tuple(notes), missing=tuple(missing))


def texts(name: str, context: Mapping[str, Any] | None = None) -> dict[str, tuple[Paragraph, ...]]:
    """The `=== text NAME` sections of prose/<name>.txt, rendered with `context`."""
    return read_texts(name, render(name, context or {}))


def read_texts(name: str, prose: Prose) -> dict[str, tuple[Paragraph, ...]]:
    """The `=== text NAME` sections of a rendered page-level file."""
    out: dict[str, tuple[Paragraph, ...]] = {}
    for s in prose.sections:
        if s.kind != "text":
            raise ProseError(f"prose/{name}.txt: only '=== text' sections belong in a page-level file")
        out[s.name] = tuple(s.paragraphs)
    return out


@cache
def constant(name: str, text: str) -> str:
    """A named text of a file that takes no values, as one plain line (page titles, headings)."""
    return "\n\n".join(plain(p) for p in texts(name)[text])
