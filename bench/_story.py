"""Shared by bench/slider.py and bench/page.py: which aggregates to serve, and a server in a thread."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CACHE = ROOT / "bench" / "cache" / "story-synth"


def data_dir(arg: Path | None) -> Path:
    """--data if given; else the app's default aggregates; else a synthetic replica built once here."""
    from app.config import DEFAULT_DATA

    if arg:
        return arg
    if (DEFAULT_DATA / "manifest.json").exists():
        return DEFAULT_DATA
    agg = CACHE / "aggregates"
    if not (agg / "manifest.json").exists():
        from precompute.build import build
        from precompute.synth import generate

        print(f"building the synthetic replica into {CACHE} (once)...", flush=True)
        generate(CACHE / "shards")
        build([str(CACHE / "shards" / "*" / "*.parquet")], agg)
    return agg


@contextmanager
def serve(data: Path) -> Iterator[str]:
    """The app on a free localhost port, served by uvicorn in a background thread."""
    import uvicorn

    from app.main import create_app

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(create_app(data), host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)


CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
