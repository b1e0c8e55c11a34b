"""Servers that tests start as processes of their own (the installed wheel, a server stopped by a signal)."""

from __future__ import annotations

import socket
import subprocess
import time
import urllib.request
from pathlib import Path


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_until_serving(proc: subprocess.Popen, base: str, log: Path, timeout: float = 120) -> None:
    """Return once `base`/healthz answers 200; AssertionError with the server's log if it exits or times out."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            with urllib.request.urlopen(base + "/healthz", timeout=2) as r:
                if r.status == 200:
                    return
        except OSError:
            pass
        if proc.poll() is not None or time.monotonic() > deadline:
            raise AssertionError("the app did not start:\n" + log.read_text()[-3000:])
        time.sleep(0.25)
