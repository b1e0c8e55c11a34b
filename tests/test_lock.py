"""The lock files pin every dependency that pyproject.toml declares, with hashes, at one version each.

requirements/runtime.lock (the Dockerfile) and requirements/test.lock (.ci/run) are compiled from
pyproject.toml (see README, "Supply chain"); a dependency added without re-locking fails here.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)(?:\[[^\]]*\])?==([^\s;\\]+)")


def canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def declared(*extras: str) -> set[str]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    reqs = list(project["dependencies"])
    for extra in extras:
        reqs += project["optional-dependencies"][extra]
    return {canonical(re.match(r"[A-Za-z0-9._-]+", r).group(0)) for r in reqs}


def pins(name: str) -> dict[str, str]:
    text = (ROOT / "requirements" / name).read_text()
    out: dict[str, str] = {}
    for block in re.split(r"\n(?=[A-Za-z0-9])", text):
        m = PIN.match(block)
        if m:
            assert "--hash=sha256:" in block, f"{name}: {m.group(1)} has no hash"
            assert canonical(m.group(1)) not in out, f"{name}: {m.group(1)} pinned twice"
            out[canonical(m.group(1))] = m.group(2)
    return out


@pytest.mark.parametrize(("lock", "extras"), [("runtime.lock", ()), ("test.lock", ("test",))])
def test_every_declared_dependency_is_pinned_with_hashes(lock: str, extras: tuple[str, ...]) -> None:
    locked = pins(lock)
    assert declared(*extras) <= set(locked), sorted(declared(*extras) - set(locked))


def test_runtime_and_test_locks_agree() -> None:
    runtime, test = pins("runtime.lock"), pins("test.lock")
    assert {n: v for n, v in test.items() if n in runtime} == runtime
