"""The Jinja environment of the pages: autoescaped (captions are untrusted web text), strict about
undefined names, with the one number formatter and the static files' versioned URLs. Every plain string a
page shows loses its control and direction-override characters (app/core/text.py); Markup is ours."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import jinja2

from app import charts
from app.core import format as fmt
from app.core.text import neutralise


def finalize(value: object) -> object:
    # type(), not isinstance: Markup (a str subclass) is rendered by us and must stay Markup
    return neutralise(value) if type(value) is str else value


def environment(folder: Path, asset: Callable[[str], str]) -> jinja2.Environment:
    """Templates from `folder`; `asset(rel)` gives the /static/ URL a page writes for a file."""
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(folder), autoescape=True,
                             trim_blocks=True, lstrip_blocks=True, undefined=jinja2.StrictUndefined,
                             finalize=finalize)
    env.globals.update(asset=asset, fmt=fmt)
    env.filters["cell"] = fmt.cell
    env.filters["column"] = charts.column_label
    return env
