"""The caption tables, read from precompute/synth/data/captions/*.json.

A language's table is its word lists (slot name -> entries) and its templates per kind of site
((weight, template), where a template's {slot}s are filled from the word lists). Languages with
templates of their own come one file per group (GROUPS); the smaller CLD3 labels share the
templates of phrases.json over a few everyday phrases of their own (slot {p}); the slots of
common.json (counts, years, sizes, codes) are there for every language, under its own lists.
Every {slot} a table uses must have a word list: that is checked here, when the tables are read.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache

from precompute.synth.captions.engine import Templates, slots
from precompute.synth.tables import TableError, field, lookup, obj, string_lists, strings, weighted, where

KINDS = ("product", "slide", "pin", "web", "textimg")
GROUPS = ("english", "romance", "northern", "cjk", "nolang")  # files of languages with templates of their own
PHRASE_SLOT = "p"


@dataclass(frozen=True)
class Language:
    """One language label's caption table."""

    words: Mapping[str, tuple[str, ...]]  # its own lists over the common ones
    kinds: Mapping[str, Templates]  # always holds "web"

    def templates(self, kind: str) -> Templates:
        """The templates of a kind of site; a language without that kind writes its web captions."""
        return self.kinds.get(kind) or self.kinds["web"]


def _kinds(value: object, at: str) -> dict[str, Templates]:
    kinds = obj(value, at)
    unknown = sorted(set(kinds) - set(KINDS))
    if unknown:
        raise TableError(f"{at}: unknown kind {unknown[0]!r} (kinds are {', '.join(KINDS)})")
    if "web" not in kinds:
        raise TableError(f"{at}: no 'web' templates (the kind every other kind falls back to)")
    return {kind: weighted(templates, f"{at}.{kind}") for kind, templates in kinds.items()}


def _check_slots(words: Mapping[str, tuple[str, ...]], templates: Mapping[str, Templates], at: str) -> None:
    """Every {slot} of a template (keyed by where it is written) or of a list's entry has a list, and
    no list reaches itself (which would expand forever)."""
    for place, listed in templates.items():
        for i, (_, template) in enumerate(listed):
            missing = [s for s in slots(template) if s not in words]
            if missing:
                raise TableError(f"{place}[{i}]: no word list for {{{missing[0]}}} in {template!r}")
    refs = {name: {s for e in entries for s in slots(e)} for name, entries in words.items()}
    for name, used in refs.items():
        if used - refs.keys():
            raise TableError(f"{at}.{name}: no word list for {{{sorted(used - refs.keys())[0]}}}")
    done: set[str] = set()

    def visit(name: str, path: tuple[str, ...]) -> None:
        if name in path:
            raise TableError(f"{at}: lists fill each other in a loop: {' -> '.join((*path, name))}")
        if name not in done:
            for s in sorted(refs[name]):
                visit(s, (*path, name))
            done.add(name)

    for name in refs:
        visit(name, ())


@cache
def common_words() -> dict[str, tuple[str, ...]]:
    """The slots every language may use without listing them."""
    return string_lists(*lookup("captions/common", "words"))


@cache
def own_languages() -> dict[str, Language]:
    """Languages with templates of their own, by label (en, und for nolang, and the biggest of multi)."""
    out: dict[str, Language] = {}
    for group in GROUPS:
        name = f"captions/{group}"
        for code, table in obj(*lookup(name, "languages")).items():
            at = where(name, "languages", code)
            if code in out:
                raise TableError(f"{at}: language {code!r} is in two files")
            table = obj(table, at)
            lang = Language({**common_words(), **string_lists(field(table, "words", at), f"{at}.words")},
                            _kinds(field(table, "kinds", at), f"{at}.kinds"))
            _check_slots(lang.words, {f"{at}.kinds.{k}": t for k, t in lang.kinds.items()}, f"{at}.words")
            out[code] = lang
    return out


@cache
def phrase_languages() -> dict[str, Language]:
    """The smaller labels: shared templates over a few phrases of each language (slot {p})."""
    name = "captions/phrases"
    templates = weighted(*lookup(name, "templates"))
    out: dict[str, Language] = {}
    for code, phrases in obj(*lookup(name, "phrases")).items():
        at = where(name, "phrases", code)
        if code in own_languages():
            raise TableError(f"{at}: language {code!r} also has templates of its own")
        lang = Language({**common_words(), PHRASE_SLOT: strings(phrases, at)}, {"web": templates})
        _check_slots(lang.words, {where(name, "templates"): templates}, at)
        out[code] = lang
    return out
