"""The synthetic replica's tables, read from data files: caption templates, word lists, host-name parts.

The tables live in precompute/synth/data/ as JSON (shipped in the wheel by pyproject's package-data),
so that adding a language or a site's host is an edit of data, not of code. Each file opens with an
"about" list of lines saying what it holds. The readers below check each value's shape and name the
file and the key of a bad one, so that a broken edit stops the generator at load, not mid-shard.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Callable, Mapping
from functools import cache
from pathlib import Path
from typing import Any

DATA_DIR = Path(__file__).parent / "data"


class TableError(ValueError):
    """A data file of the synthetic replica is missing, is not JSON, or holds a value of the wrong shape."""


def where(name: str, *keys: str | int) -> str:
    """'precompute/synth/data/hosts.json: stems.fr[3]', for messages."""
    path = "".join(f"[{k}]" if isinstance(k, int) else f".{k}" for k in keys).lstrip(".")
    return f"precompute/synth/data/{name}.json" + (f": {path}" if path else "")


@cache
def read(name: str) -> Mapping[str, Any]:
    """The JSON object of data/<name>.json (`name` may hold a folder: "captions/english")."""
    try:
        doc = json.loads((DATA_DIR / f"{name}.json").read_text(encoding="utf-8"))
    except (OSError, ValueError) as e:
        raise TableError(f"{where(name)}: {e}") from e
    return obj(doc, where(name))


def lookup(name: str, *keys: str) -> tuple[Any, str]:
    """The value under `keys` in data/<name>.json, and where that is (the readers below take both)."""
    value: Any = read(name)
    for i, key in enumerate(keys):
        value = field(obj(value, where(name, *keys[:i])), key, where(name, *keys[:i]))
    return value, where(name, *keys)


def obj(value: Any, at: str) -> dict[str, Any]:
    """A JSON object (keys are always strings in JSON)."""
    if not isinstance(value, dict):
        raise TableError(f"{at}: expected an object, got {type(value).__name__}")
    return value


def field(doc: Mapping[str, Any], key: str, at: str) -> Any:
    if key not in doc:
        raise TableError(f"{at}: no {key!r}")
    return doc[key]


def strings(value: Any, at: str) -> tuple[str, ...]:
    """A non-empty list of strings (an entry may be empty: a slot that is sometimes left out)."""
    if not isinstance(value, list) or not value or not all(isinstance(x, str) for x in value):
        raise TableError(f"{at}: expected a non-empty list of strings")
    return tuple(value)


def host_words(value: Any, at: str) -> tuple[str, ...]:
    """Words that invented host names are made of: lower-case ASCII letters and digits, as host names are."""
    words = strings(value, at)
    bad = [w for w in words if not re.fullmatch(r"[a-z0-9]+", w)]
    if bad:
        raise TableError(f"{at}: {bad[0]!r} cannot be part of a host name (a-z and 0-9 only)")
    return words


def string_lists(value: Any, at: str, of: Callable[[Any, str], tuple[str, ...]] = strings,
                 ) -> dict[str, tuple[str, ...]]:
    """An object of non-empty string lists ({"fr": [".fr", ".be"], ...}), each read by `of`."""
    return {k: of(v, f"{at}.{k}") for k, v in obj(value, at).items()}


def text_map(value: Any, at: str) -> dict[str, str]:
    """An object of strings ({"fr": "pinterest.fr", ...})."""
    out = obj(value, at)
    bad = [k for k, v in out.items() if not isinstance(v, str)]
    if bad:
        raise TableError(f"{at}.{bad[0]}: expected a string")
    return dict(out)


def _weight(value: Any, at: str) -> float:
    # bool is an int in Python; a weight of true is a typo, not a 1
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value) or value <= 0:
        raise TableError(f"{at}: expected a positive weight, got {value!r}")
    return value


def _pairs(value: Any, at: str) -> list[list[Any]]:
    if not isinstance(value, list) or not value or not all(isinstance(p, list) and len(p) == 2 for p in value):
        raise TableError(f"{at}: expected a non-empty list of two-item lists")
    return value


def weighted(value: Any, at: str) -> tuple[tuple[float, str], ...]:
    """[[weight, text], ...], as templates are written (the weight first: the texts are long)."""
    out = []
    for i, (w, text) in enumerate(_pairs(value, at)):
        if not isinstance(text, str):
            raise TableError(f"{at}[{i}]: expected [weight, text]")
        out.append((_weight(w, f"{at}[{i}][0]"), text))
    return tuple(out)


def named_weights(value: Any, at: str) -> tuple[tuple[str, float], ...]:
    """[[name, weight], ...], as hosts and prefixes are written."""
    out = []
    for i, (name, w) in enumerate(_pairs(value, at)):
        if not isinstance(name, str):
            raise TableError(f"{at}[{i}]: expected [name, weight]")
        out.append((name, _weight(w, f"{at}[{i}][1]")))
    return tuple(out)
