"""A server that is stopped (SIGTERM, as systemd, Docker and uvicorn's own reloader stop it) takes its
render processes with it: none is left behind, blocked on its queue, once the server's process exits."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from tests.servers import free_port, wait_until_serving

ROOT = Path(__file__).resolve().parents[2]


def _children(pid: int) -> list[int]:
    # Linux: every thread's list of child processes
    out: list[int] = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        out += [int(c) for c in (task / "children").read_text().split()]
    return out


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    # a zombie is gone for our purpose (its parent, the test runner's init, reaps it)
    return "Z" not in Path(f"/proc/{pid}/stat").read_text().split(")")[-1].split()[0]


@pytest.mark.skipif(not Path("/proc/self/task").exists(), reason="reads /proc (Linux)")
def test_stopping_the_server_ends_its_render_processes(synth_aggregates: Path, tmp_path: Path) -> None:
    port = free_port()
    env = {**os.environ, "EXPLAINER_LINGUA": "low", "EXPLAINER_RENDER_WARM": "0"}
    log = (tmp_path / "server.log").open("w")
    proc = subprocess.Popen([sys.executable, "-m", "app", "--data", str(synth_aggregates), "--port", str(port)],
                            cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until_serving(proc, base, tmp_path / "server.log")
        # an image starts the render pool's processes
        with urllib.request.urlopen(base + "/charts/similarity.png", timeout=120) as r:
            assert r.status == 200 and r.read(8) == b"\x89PNG\r\n\x1a\n"
        children = _children(proc.pid)
        assert children, "the render pool should have started a process"
        proc.send_signal(signal.SIGTERM)
        # uvicorn shuts down gracefully, then re-raises the signal it caught: -15 is a clean stop
        assert proc.wait(timeout=60) in (0, -signal.SIGTERM)
        assert "Application shutdown complete" in (tmp_path / "server.log").read_text()
        deadline = time.monotonic() + 10
        while any(_alive(c) for c in children) and time.monotonic() < deadline:
            time.sleep(0.1)
        left = [c for c in children if _alive(c)]
    finally:
        if proc.poll() is None:
            proc.kill()
        log.close()
    for c in left:  # do not leave them to the next test run either
        os.kill(c, signal.SIGKILL)
    assert not left, f"render processes left behind after the server stopped: {left}"
