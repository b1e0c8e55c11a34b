"""Shared by bench/slider.py and bench/page.py: which aggregates to serve, and a server in a thread."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

# Debian's Chromium as RECIPES.md runs it (no sandbox as root, nothing fetched from Google's hosts)
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]

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
    """`python -m app` on a free localhost port, as a reader's server runs: a process of its own."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    proc = subprocess.Popen([sys.executable, "-m", "app", "--data", str(data), "--port", str(port)], cwd=ROOT,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                with urllib.request.urlopen(base + "/healthz", timeout=2):
                    break
            except OSError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"the app did not start on {base}") from None
                time.sleep(0.2)
        yield base
    finally:
        proc.terminate()
        proc.wait(timeout=30)
