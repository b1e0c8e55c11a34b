"""Rendered chart images on disk, so each one is drawn once whatever the number of requests or restarts.

One file per image, named by the hash of what made it (aggregates etag, code version, chart, t,
theme, size: app/web/renders.py); the render processes write them (`write_atomic`), the server
reads them. Writes go to a temp file in the same folder and are renamed into place, so a reader sees
a whole file or none; files are 0644 like any other served file. The folder is bounded by the total
size of its files: the least recently used go first. Each process keeps its own index, rebuilt from
the folder at start-up, so several workers sharing a folder only approximate the bound.
"""

from __future__ import annotations

import logging
import os
import stat
import tempfile
import threading
from collections import OrderedDict
from pathlib import Path

log = logging.getLogger(__name__)

FILE_MODE = 0o644
DIR_MODE = 0o755
TEMP_PREFIX = ".tmp-"


def usable(folder: Path) -> bool:
    """Create `folder` if needed; True when it is a real folder of ours that we can write."""
    try:
        folder.mkdir(parents=True, exist_ok=True, mode=DIR_MODE)
        st = os.lstat(folder)
    except OSError as e:
        log.warning("render cache disabled: %s: %s", folder, e.strerror or e)
        return False
    # someone else's folder (or a link to one) in a shared temp dir must never receive our files
    if not stat.S_ISDIR(st.st_mode) or st.st_uid != os.getuid() or not os.access(folder, os.W_OK | os.X_OK):
        log.warning("render cache disabled: %s is not a writable folder owned by this user", folder)
        return False
    return True


def write_atomic(folder: Path, name: str, data: bytes) -> None:
    """Write folder/name as a whole: a temp file beside it, then one rename."""
    fd, tmp = tempfile.mkstemp(dir=folder, prefix=TEMP_PREFIX)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            os.fchmod(f.fileno(), FILE_MODE)  # mkstemp makes 0600: served files are ordinary 0644
        os.replace(tmp, folder / name)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


class DiskCache:
    """The folder's index (name -> bytes), least recently used first; None folder: nothing kept."""

    def __init__(self, folder: Path | None, capacity: int) -> None:
        self.capacity = capacity
        self.folder = folder if folder is not None and capacity > 0 and usable(folder) else None
        self._index: OrderedDict[str, int] = OrderedDict()
        self._size = 0
        self._lock = threading.Lock()
        if self.folder is not None:
            self._scan(self.folder)

    def _scan(self, folder: Path) -> None:
        found: list[tuple[float, str, int]] = []
        for entry in os.scandir(folder):
            if not entry.is_file(follow_symlinks=False):
                continue
            if entry.name.startswith(TEMP_PREFIX):  # left by a render process killed mid-write
                Path(entry.path).unlink(missing_ok=True)
                continue
            st = entry.stat(follow_symlinks=False)
            found.append((st.st_atime, entry.name, st.st_size))
        for _, name, size in sorted(found):
            self._index[name] = size
            self._size += size
        self._evict()

    def get(self, name: str) -> bytes | None:
        if self.folder is None:
            return None
        with self._lock:
            if name not in self._index:
                return None
            self._index.move_to_end(name)
        try:
            data = (self.folder / name).read_bytes()
        except OSError:
            data = b""
        if not data:  # deleted by hand, or another process evicted it
            self.forget(name)
            return None
        return data

    def record(self, name: str, size: int) -> None:
        """A render process wrote folder/name: count it, then drop the oldest beyond the capacity."""
        if self.folder is None:
            return
        with self._lock:
            self._size += size - self._index.pop(name, 0)
            self._index[name] = size
            self._evict()

    def forget(self, name: str) -> None:
        with self._lock:
            self._size -= self._index.pop(name, 0)

    def _evict(self) -> None:
        assert self.folder is not None
        while self._size > self.capacity and self._index:
            name, size = self._index.popitem(last=False)
            self._size -= size
            (self.folder / name).unlink(missing_ok=True)

    @property
    def size(self) -> int:
        with self._lock:
            return self._size

    def __contains__(self, name: str) -> bool:
        with self._lock:
            return name in self._index
