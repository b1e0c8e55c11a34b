"""Shared by bench/slider.py and bench/page.py: which aggregates to serve, and a server in a thread."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from tests.browser.conftest import CHROMIUM_ARGS  # noqa: F401  (re-exported: one set of Chromium flags)

ROOT = Path(__file__).resolve().parent.parent
CACHE = ROOT / "bench" / "cache" / "story-synth"


def data_dir(arg: Path | None) -> Path:
    """--data if given; else the app's default aggregates; else a synthetic replica built once here."""
    from app.settings import DEFAULT_DATA

    if arg:
        return arg
    if (DEFAULT_DATA / "manifest.json").exists():
        return DEFAULT_DATA
    agg = CACHE / "aggregates"
    if not (agg / "manifest.json").exists():
        from precompute.build.run import build
        from precompute.synth.generate import generate

        print(f"building the synthetic replica into {CACHE} (once)...", flush=True)
        generate(CACHE / "shards")
        build([str(CACHE / "shards" / "*" / "*.parquet")], agg)
    return agg


@contextmanager
def serve(data: Path) -> Iterator[str]:
    """The app on a free localhost port: the browser tests' uvicorn-in-a-thread server."""
    from app.web.main import create_app
    from tests.browser.conftest import free_port
    from tests.browser.conftest import serve as serve_app

    yield from serve_app(create_app(data), free_port())
