"""Publishing: no user's files lost, never half-published aggregates, one build at a time.

Every scenario drives the real CLI (`python -m precompute build`) in a subprocess, as a user would.
"""

from __future__ import annotations

import errno
import fcntl
import json
import os
import subprocess
import sys
from pathlib import Path
from unittest.mock import patch

import pytest

from precompute.build.publish import FAULT_ENV
from precompute.build.run import build
from precompute.errors import InputError
from tests.fixtures import laion_table, stale, write

ROOT = Path(__file__).resolve().parent.parent


def _cli(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "precompute", "build", *args], capture_output=True, text=True,
                          cwd=ROOT, env={**os.environ, **(env or {})}, timeout=300)


def _one_line_error(r: subprocess.CompletedProcess[str], *words: str) -> str:
    assert r.returncode == 2, r.stderr
    lines = [ln for ln in r.stderr.splitlines() if ln.strip()]
    assert len(lines) == 1 and "Traceback" not in r.stderr, r.stderr
    assert all(w in lines[0] for w in words), lines[0]
    return lines[0]


@pytest.fixture()
def shards(tmp_path: Path) -> Path:
    write(laion_table(300, 1), tmp_path / "shards" / "laion2B-en" / "part-00000.parquet")
    write(laion_table(200, 2, language=True), tmp_path / "shards" / "laion2B-multi" / "part-00000.parquet")
    return tmp_path / "shards"


def _rows(out: Path) -> int:
    return json.loads((out / "manifest.json").read_text())["rows"]


def test_out_onto_a_working_folder_is_refused_and_its_files_kept(shards: Path, tmp_path: Path) -> None:
    work = tmp_path / "thesis"
    work.mkdir()
    (work / "chapter1.tex").write_text("precious")
    _one_line_error(_cli("--input", f"{shards}/*/*.parquet", "--out", str(work)), "--out", str(work))
    assert (work / "chapter1.tex").read_text() == "precious"


def test_out_onto_a_file_is_refused(shards: Path, tmp_path: Path) -> None:
    f = tmp_path / "notes.txt"
    f.write_text("keep me")
    _one_line_error(_cli("--input", f"{shards}/*/*.parquet", "--out", str(f)), "--out", "is a file")
    assert f.read_text() == "keep me"


def test_out_onto_the_inputs_is_refused_and_the_shards_kept(shards: Path) -> None:
    before = sorted(p.name for p in shards.rglob("*"))
    _one_line_error(_cli("--input", f"{shards}/*/*.parquet", "--out", str(shards)), "--out", "contains the input")
    _one_line_error(_cli("--input", f"{shards}/*/*.parquet", "--out", str(shards / "laion2B-en")), "--out")
    assert sorted(p.name for p in shards.rglob("*")) == before


def test_out_where_the_next_build_would_read_it_as_input_is_refused(shards: Path) -> None:
    _one_line_error(_cli("--input", f"{shards}/*/*.parquet", "--out", str(shards / "agg")), "--out", "lies inside")


@pytest.mark.slow
@pytest.mark.parametrize("step", ["before-swap", "link-made", "after-swap"])
def test_a_build_killed_while_publishing_leaves_old_or_new_aggregates(shards: Path, tmp_path: Path,
                                                                      step: str) -> None:
    out = tmp_path / "agg"
    assert _cli("--input", f"{shards}/laion2B-en/*.parquet", "--out", str(out)).returncode == 0
    old_rows = _rows(out)
    r = _cli("--input", f"{shards}/*/*.parquet", "--out", str(out), env={FAULT_ENV: step})
    assert r.returncode == -9  # SIGKILL: no cleanup of any kind ran
    assert _rows(out) in (old_rows, 500)  # a complete folder, the old one or the new one
    assert {"aggregates.json", "manifest.json", "domains.parquet"} <= {p.name for p in out.iterdir()}
    # the next build cleans up after the killed one and succeeds
    assert _cli("--input", f"{shards}/*/*.parquet", "--out", str(out)).returncode == 0
    assert _rows(out) == 500
    assert stale(tmp_path) == []


def test_a_folder_from_before_versioned_publishing_is_replaced(shards: Path, tmp_path: Path) -> None:
    out = tmp_path / "agg"
    build([f"{shards}/laion2B-en/*.parquet"], out)
    legacy = tmp_path / "legacy"
    legacy.mkdir()
    for f in out.iterdir():  # a plain folder, as builds wrote them before the link
        (legacy / f.name).write_bytes(f.read_bytes())
    out.unlink()
    legacy.rename(out)
    build([f"{shards}/*/*.parquet"], out)
    assert out.is_symlink() and _rows(out) == 500
    assert stale(tmp_path) == []


def test_a_second_build_into_the_same_folder_exits_2_naming_the_first(shards: Path, tmp_path: Path) -> None:
    out = tmp_path / "agg"
    lock = tmp_path / ".agg.lock"
    with open(lock, "w") as held:
        fcntl.flock(held, fcntl.LOCK_EX)
        held.write("4242")
        held.flush()
        _one_line_error(_cli("--input", f"{shards}/*/*.parquet", "--out", str(out)), "another build", "4242")
    assert not out.exists()


@pytest.mark.slow
def test_concurrent_builds_never_crash_and_leave_one_complete_folder(shards: Path, tmp_path: Path) -> None:
    out = tmp_path / "agg"
    cmd = [sys.executable, "-m", "precompute", "build", "--input", f"{shards}/*/*.parquet", "--out", str(out)]
    procs = [subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
             for _ in range(6)]
    results = [(p.wait(timeout=300), p.stderr.read()) for p in procs]
    assert any(code == 0 for code, _ in results)
    for code, err in results:
        assert code in (0, 2) and "Traceback" not in err, err
        if code == 2:
            assert "another build" in err
    assert _rows(out) == 500 and stale(tmp_path) == []


def test_disk_full_is_one_line_naming_the_file(shards: Path, tmp_path: Path) -> None:
    def full(folder: Path, files: dict) -> None:
        raise OSError(errno.ENOSPC, "No space left on device", str(folder / "aggregates.json"))

    with patch("precompute.build.run.write_json", side_effect=full), pytest.raises(InputError) as e:
        build([f"{shards}/*/*.parquet"], tmp_path / "agg")
    assert "aggregates.json" in e.value.path and "No space left" in e.value.problem
    assert not (tmp_path / "agg").exists() and stale(tmp_path) == []
