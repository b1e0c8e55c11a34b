"""Publishing: the output folder claimed, checked and locked; the new aggregates swapped in with one rename.

`--out DIR` is a symbolic link to a versioned folder beside it (`.DIR.v-<time>-<id>`). A build writes
a new versioned folder, then points a fresh link at it and renames the link over `DIR`: one
rename(2), atomic on POSIX filesystems, so `DIR` always names either the old or the new complete
aggregates, whatever moment the build is killed at. The previous version is kept (a running server
may still be reading it); older ones, and the leftovers of killed builds, are removed by the next
build. A lock file beside `DIR` (flock, released by the kernel when its holder dies) makes a second
concurrent build into the same folder exit with a one-line error instead of racing the first.

`DIR` is refused when it is a regular file, when it holds something that is not our aggregates, or
when it contains (or lies inside a folder of) an input: a typo must never delete a user's files.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import fnmatch
import json
import os
import shutil
import tempfile
import time
import uuid
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from precompute.contract.models import INDEX_FILE, MANIFEST_FILE
from precompute.errors import InputError

KEEP_VERSIONS = 2  # the published one and the one before it (a server started earlier may still read it)
FAULT_ENV = "PRECOMPUTE_FAULT"  # tests: kill the build at a named step of publishing (tests/build/test_publish.py)


def fault(step: str) -> None:
    """Fault injection for the kill-at-every-step test: SIGKILL ourselves when the env names `step`."""
    if os.environ.get(FAULT_ENV) == step:
        os.kill(os.getpid(), 9)


def work_dir(parent: Path, name: str) -> Path:
    parent.mkdir(parents=True, exist_ok=True)
    return Path(tempfile.mkdtemp(prefix=f".{name}.work-", dir=parent))


def _ours(folder: Path) -> bool:
    """Whether `folder` holds aggregates written by this project (a manifest with our fields)."""
    try:
        doc = json.loads((folder / MANIFEST_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return isinstance(doc, dict) and "schema_version" in doc and "explainer" in (doc.get("versions") or {})


def check_out(out: Path, files: Iterable[object], patterns: Iterable[str]) -> None:
    """Refuse an `--out` that a build must not replace (InputError naming --out)."""
    if out.is_file():
        raise InputError("--out", f"{out} is a file, not an aggregates folder")
    real = out.resolve()
    for item in files:
        if isinstance(item, Path) and item.resolve().is_relative_to(real):  # remote inputs are out of reach
            raise InputError("--out", f"{out} contains the input {item}: the build would replace it")
    for pattern in patterns:
        pattern = pattern.split("=", 1)[1] if "=" in pattern and "://" not in pattern.split("=", 1)[0] else pattern
        if "://" in pattern:
            continue
        # the next build with the same --input would read our own output as input
        if fnmatch.fnmatch(str(real / INDEX_FILE), str(Path(pattern).absolute())):
            raise InputError("--out", f"{out} lies inside the input {pattern}: its domains.parquet would be read "
                                      "as a shard by the next build; choose a folder of its own")
    if out.is_dir() and any(out.iterdir()) and not _ours(out):
        raise InputError("--out", f"{out} exists and does not hold aggregates of this project "
                                  f"(no {MANIFEST_FILE} of ours): refusing to replace it")


@contextmanager
def claim(out: Path) -> Iterator[None]:
    """Hold the lock beside `out` for the whole build; exit 2 at once if another build holds it."""
    out.parent.mkdir(parents=True, exist_ok=True)
    lock = out.parent / f".{out.name}.lock"
    try:
        fd = os.open(lock, os.O_RDWR | os.O_CREAT, 0o644)
    except OSError as e:
        raise InputError("--out", f"cannot write beside {out}: {e.strerror}") from None
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.pread(fd, 64, 0).decode(errors="replace").strip() or "?"
            raise InputError("--out", f"another build (process {holder}) is writing {out}; "
                                      "wait for it to finish") from None
        os.ftruncate(fd, 0)
        os.pwrite(fd, str(os.getpid()).encode(), 0)
        clean_leftovers(out)
        yield
    finally:
        os.close(fd)  # closing the descriptor releases the lock


def _versions(out: Path) -> list[Path]:
    return sorted(p for p in out.parent.glob(f".{out.name}.v-*") if p.is_dir() and not p.is_symlink())


def clean_leftovers(out: Path) -> None:
    """Remove what killed builds left beside `out` (called with the lock held)."""
    current = out.resolve() if out.is_symlink() else None
    for pattern in (".{}.new-*", ".{}.old-*", ".{}.work-*", ".{}.link-*"):
        for p in out.parent.glob(pattern.format(out.name)):
            if p.is_symlink() or p.is_file():
                p.unlink(missing_ok=True)
            else:
                shutil.rmtree(p, ignore_errors=True)
    versions = [v for v in _versions(out) if v != current]
    for old in versions[:-(KEEP_VERSIONS - 1)] if KEEP_VERSIONS > 1 else versions:
        shutil.rmtree(old, ignore_errors=True)


@contextmanager
def staging(out: Path) -> Iterator[Path]:
    """A new versioned folder to write the aggregates into; on success `out` is switched to it atomically."""
    stamp = time.strftime("%Y%m%dT%H%M%S", time.gmtime())
    new = out.parent / f".{out.name}.v-{stamp}-{uuid.uuid4().hex[:8]}"
    new.mkdir()
    try:
        yield new
        fault("before-swap")
        _switch(out, new)
        fault("after-swap")
    except BaseException:
        if not (out.is_symlink() and out.resolve() == new.resolve()):
            shutil.rmtree(new, ignore_errors=True)
        raise
    clean_leftovers(out)


def _switch(out: Path, new: Path) -> None:
    """Point `out` at `new` with one rename of a symbolic link."""
    link = out.parent / f".{out.name}.link-{uuid.uuid4().hex[:8]}"
    os.symlink(new.name, link)  # relative: the pair can be moved together
    fault("link-made")
    if out.is_dir() and not out.is_symlink():
        # a folder from before versioned publishing: swap it with the link in one step where the
        # kernel can (renameat2 RENAME_EXCHANGE), else move it aside first (the one non-atomic case)
        if not _exchange(link, out):
            legacy = out.parent / f".{out.name}.old-{uuid.uuid4().hex[:8]}"
            os.replace(out, legacy)
            os.replace(link, out)
        return
    os.replace(link, out)


def _exchange(a: Path, b: Path) -> bool:
    """renameat2(a, b, RENAME_EXCHANGE) through libc; False where it is not available."""
    import ctypes

    try:
        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    at_fdcwd, rename_exchange = -100, 2
    if renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange) != 0:
        if ctypes.get_errno() in (errno.EINVAL, errno.ENOSYS, errno.EXDEV, errno.ENOTSUP):
            return False
        raise OSError(ctypes.get_errno(), os.strerror(ctypes.get_errno()), str(b))
    with contextlib.suppress(OSError):
        shutil.rmtree(a)  # `a` now names the old folder
    return True


def write_json(folder: Path, files: dict[str, Any]) -> None:
    for name, doc in files.items():
        with open(folder / name, "w", encoding="utf-8") as f:
            json.dump(doc, f, ensure_ascii=False, separators=(",", ":"))
            f.flush()
            os.fsync(f.fileno())
    umask = os.umask(0)
    os.umask(umask)
    folder.chmod(0o777 & ~umask)  # ordinary permissions: a web server running as another user can read it
    for f in folder.iterdir():
        f.chmod(0o666 & ~umask)
