"""The prose format (app/story/loader.py): paragraphs, beats, blocks and notes out of a Jinja text file;
values that are never read as prose; the errors a slip in a prose file gets; no number typed by hand."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from app.story import loader
from app.story.model import Block, Em, Link, Num, plain

PROSE_FILES = sorted(loader.PROSE_DIR.glob("*.txt"))
# names with digits in them that prose may spell out; any other digit is a number typed by hand
NAMES_WITH_DIGITS = {"LAION-5B", "Re-LAION-5B", "CLD3", "ImageNet-1K", "COYO-700M", "laion2B-multi", "laion2B-en",
                     "laion1B-nolang"}


def write(tmp: Path, name: str, text: str) -> Path:
    (tmp / f"{name}.txt").write_text(text, encoding="utf-8")
    return tmp


def render(tmp: Path, text: str, context: dict | None = None, name: str = "t") -> loader.Prose:
    env = loader.ENV.overlay(loader=loader.ProseLoader(write(tmp, name, text)))
    return loader.render_template(env.get_template(f"{name}.txt"), context or {}, name)


def step(tmp: Path, text: str, context: dict | None = None, blocks: dict | None = None):
    return loader.build_step("t", render(tmp, text, context), blocks)


STEP = """\
{# a test step #}
title: A title
kicker: A kicker
slider: yes

=== beat chart=sites
One paragraph
over two lines, with {{ n }} in it.

{% if flag %}
Only when flagged.
{% else %}
Otherwise   this.
{% endif %}

=== block samples
Sample captions

=== beat chart=removed slider
{{ em("Stressed") }} and {{ link("linked", "#method") }}.

=== notes
A note with {{ n }}.

Another note.

=== missing
{% if not flag %}
Nothing flagged.
{% endif %}
"""


def test_a_step_file_reads_into_beats_blocks_notes_and_missing(tmp_path: Path):
    n = Num("≈155M", 7394.0, source="aggregates")
    samples = Block("samples", data={"groups": []})
    s = step(tmp_path, STEP, {"n": n, "flag": False}, {"samples": samples})
    assert (s.id, s.title, s.kicker, s.slider) == ("t", "A title", "A kicker", True)
    first, second = s.beats
    assert first.chart == "sites" and not first.slider
    assert first.paragraphs == (("One paragraph over two lines, with ", n, " in it."), ("Otherwise this.",))
    assert first.blocks == (Block("samples", "Sample captions", {"groups": []}),)
    assert second.chart == "removed" and second.slider and not second.blocks
    assert second.paragraphs == ((Em("Stressed"), " and ", Link("linked", "#method"), "."),)
    assert s.notes == ("A note with ≈155M.", "Another note.")
    assert s.missing == ("Nothing flagged.",)
    flagged = step(tmp_path, STEP, {"n": n, "flag": True}, {"samples": None})
    assert flagged.beats[0].paragraphs[1] == ("Only when flagged.",)
    assert flagged.beats[0].blocks == () and flagged.missing == ()  # no data for the block: no block


def test_values_from_the_data_are_never_read_as_prose(tmp_path: Path):
    hostile = "x\n\n=== beat chart=evil\n{{ 7*7 }} {% if 1 %}\ue000" + "0\ue001 title: no"
    text = "title: T\nkicker: K\n=== beat\nSaid: {{ s }}.\n"
    s = step(tmp_path, text, {"s": hostile})
    assert len(s.beats) == 1 and s.beats[0].chart is None
    assert s.beats[0].paragraphs == ((f"Said: {hostile}.",),)
    # a block's data passes through untouched: captions never meet the template language
    caption = {"text": "{{ 7*7 }} <script>", "domain": "x.test"}
    s = step(tmp_path, text + "=== block samples\nTitle\n", {"s": ""}, {"samples": Block("samples", data=caption)})
    assert s.beats[0].blocks[0].data is caption


@pytest.mark.parametrize("value", [3, 0.28, True, None, {"a": 1}])
def test_a_number_must_arrive_as_num(tmp_path: Path, value):
    with pytest.raises(loader.ProseError, match="placeholder got"):
        render(tmp_path, "=== text x\n{{ v }}\n", {"v": value})


def test_prose_file_mistakes_are_errors(tmp_path: Path):
    cases = {
        "=== text x\n{{ missing_name }}\n": "undefined",
        "=== beat chart={{ c }}\nx\n": "placeholder in a marker",
        "=== chapter\nx\n": "unknown section",
        "===   \nx\n": "unknown section",
        "=== beat colour=red\nx\n": "unknown attribute",
        "=== block\nx\n": "takes one name",
        "Stray text before any marker.\n=== text x\ny\n": "before the first",
        "{% macro m() %}a{% endmacro %}\n=== text x\n{{ m() ~ s }}\n": "HTML-escaped",
        "=== text x\nA reserved \ue000 character.\n": "reserved character",
    }
    for i, (text, message) in enumerate(cases.items()):
        with pytest.raises(loader.ProseError, match=message):
            render(tmp_path, text, {"c": "sites", "s": "it's"}, name=f"case{i}")


def test_step_mistakes_are_errors(tmp_path: Path):
    head = "title: T\nkicker: K\n"
    with pytest.raises(loader.ProseError, match="no 'kicker:'"):
        step(tmp_path, "title: T\n=== beat\nx\n")
    with pytest.raises(loader.ProseError, match="yes or no"):
        step(tmp_path, head + "slider: sometimes\n=== beat\nx\n")
    with pytest.raises(loader.ProseError, match="not one the wiring gives"):
        step(tmp_path, head + "=== beat\nx\n=== block tabel\nTitle\n", blocks={"table": None})
    with pytest.raises(loader.ProseError, match="never places"):
        step(tmp_path, head + "=== beat\nx\n", blocks={"table": Block("table")})
    with pytest.raises(loader.ProseError, match="before the first beat"):
        step(tmp_path, head + "=== block table\nTitle\n=== beat\nx\n", blocks={"table": Block("table")})
    with pytest.raises(loader.ProseError, match="more than a title"):
        step(tmp_path, head + "=== beat\nx\n=== block table\nTitle\n\nMore\n", blocks={"table": Block("table")})


def test_markup_in_the_values_is_refused(tmp_path: Path):
    from markupsafe import Markup

    with pytest.raises(loader.ProseError, match="Markup"):
        render(tmp_path, "=== text x\n{{ v }}\n", {"v": [Markup("=== beat")]})


def test_a_macro_repeats_a_paragraph_with_its_numbers(tmp_path: Path):
    n = Num("2.4%", 0.024)
    text = "{% macro p() -%}\nIt is {{ n }}\nof all.\n{%- endmacro %}\n=== text a\n{{ p() }}\n\n=== text b\n{{ p() }}\n"
    out = loader.read_texts("t", render(tmp_path, text, {"n": n}))
    assert out["a"] == out["b"] == (("It is ", n, " of all."),)


@pytest.mark.parametrize("path", PROSE_FILES, ids=lambda p: p.name)
def test_no_number_is_typed_into_the_prose(path: Path):
    text = re.sub(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}", " ", path.read_text(encoding="utf-8"), flags=re.S)
    prose = "\n".join(line for line in text.splitlines() if not line.startswith(loader.MARKER))
    typed = {w.strip(".,:;()").removesuffix("'s") for w in re.findall(r"\S*\d\S*", prose)}
    assert typed - NAMES_WITH_DIGITS == set()


def test_every_prose_file_is_used():
    wired = {"opening", "sources", "threshold", "stack", "divide", "aesthetics", "safety", "method", "page",
             "synthetic_note", "site_search", "_shared"}
    assert {p.stem for p in PROSE_FILES} == wired


def test_page_texts():
    from app import story
    from app.story import site_search

    assert story.PAGE_TITLE and "\n" not in story.PAGE_TITLE and story.PAGE_DEK
    credit = story.credit()
    assert [s.href for s in credit if isinstance(s, Link)] == [story.ESSAY_URL, story.ESSAY_URL]
    assert story.ESSAY_AUTHORS in plain(credit)
    assert site_search.INVENTED_SUFFIX in site_search.REPLICA and site_search.TITLE.endswith("?")
