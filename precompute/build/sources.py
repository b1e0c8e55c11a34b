"""Remote inputs: `--input` globs on the Hugging Face hub, S3 and HTTP(S), read through fsspec.

A remote input (`hf://datasets/...`, `s3://...`, `https://...`, and `memory://` for tests) is
expanded with its filesystem's own glob, its footer is read with pyarrow over `fs.open()`, and
the shard's one DuckDB pass reads it through the same fsspec filesystem registered on the
connection (`con.register_filesystem`): DuckDB's httpfs extension is not needed.

The packages live in the optional `remote` extra (`pip install -e '.[remote]'`);
without them a remote input is refused with one line naming the package to install. Local paths
never touch this module's imports.

A remote file is a `RemotePath`: the URL as the user wrote it (or as the glob found it), with the
few Path-like attributes the build uses (`name`, `parent`, `resolve()`), so a shard's subset is
still its folder name and the manifest records the URL.
"""

from __future__ import annotations

import email.utils
import functools
import importlib
import re
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from precompute.errors import InputError

EXTRA = "install the remote extra: pip install -e '.[remote]' in the checkout"
# scheme -> (fsspec protocol, modules it needs beyond fsspec, as (module, pip package))
SCHEMES: dict[str, tuple[str, tuple[tuple[str, str], ...]]] = {
    "hf": ("hf", (("huggingface_hub", "huggingface-hub"),)),
    "s3": ("s3", (("s3fs", "s3fs"),)),
    "s3a": ("s3", (("s3fs", "s3fs"),)),
    "http": ("http", (("aiohttp", "aiohttp"),)),
    "https": ("http", (("aiohttp", "aiohttp"),)),
    "memory": ("memory", ()),  # in-process only: tests (a Dask worker has its own, empty, memory)
}
_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*)://")

INFO_TTL = 60.0  # seconds DuckDB's view of a filesystem trusts a file's size and modification time
_used: dict[str, Any] = {}  # fsspec protocol -> the filesystem this process opened it with


def scheme(text: str) -> str | None:
    """'s3://b/k' -> 's3'; a local path -> None."""
    m = _SCHEME.match(text)
    return m.group(1).lower() if m else None


def is_remote(text: str) -> bool:
    return scheme(text) is not None


@dataclass(frozen=True)
class RemotePath:
    """A remote file named by its URL; Path-like enough for the build (name, parent, resolve)."""

    url: str

    def __str__(self) -> str:
        return self.url

    def __fspath__(self) -> str:  # a URL is not a local path: fail loudly rather than open "s3:/..."
        raise TypeError(f"{self.url} is a remote file, not a local path")

    @property
    def scheme(self) -> str:
        s = scheme(self.url)
        assert s is not None
        return s

    @property
    def protocol(self) -> str:
        return SCHEMES.get(self.scheme, (self.scheme, ()))[0]

    @property
    def _rest(self) -> str:
        """The URL after `scheme://`, without an HTTP query string (`?download=true`) or fragment."""
        rest = self.url.split("://", 1)[1]
        return re.split(r"[?#]", rest, maxsplit=1)[0] if self.protocol == "http" else rest

    @property
    def name(self) -> str:
        return self._rest.rstrip("/").rsplit("/", 1)[-1]

    @property
    def parent(self) -> RemotePath:
        head = self._rest.rstrip("/")
        return RemotePath(f"{self.url.split('://', 1)[0]}://{head.rsplit('/', 1)[0] if '/' in head else ''}")

    def resolve(self) -> RemotePath:
        return self


InputPath = Path | RemotePath


def folder_name(path: InputPath) -> str:
    """The name of a file's folder, which names its subset and release (precompute.scan.profiles.RELEASES):
    `laion2B-en/part-0.parquet`, or a Re-LAION-5B repository on the hub (`relaion2B-en-research-safe/...`)."""
    return path.parent.name


def filesystem(path: str) -> Any:
    """The fsspec filesystem for a remote path; InputError naming the package when it is missing."""
    s = scheme(path)
    assert s is not None
    if s in ("file", "local"):
        raise InputError(path, "give a local file as a plain path, without file://")
    protocol, needs = SCHEMES.get(s, (s, ()))
    for module, package in (("fsspec", "fsspec"), *needs):
        try:
            importlib.import_module(module)
        except ImportError:
            raise InputError(path, f"reading {s}:// inputs needs the {package} package; {EXTRA} "
                                   f"(or pip install {package})") from None
    if protocol in _used:
        return _used[protocol]
    try:
        fs = make_filesystem(protocol)
    except ValueError as e:  # fsspec knows no such protocol
        raise InputError(path, f"unsupported scheme {s}:// ({e}); give a local path, hf://, s3:// or "
                               "http(s)://") from None
    except ImportError as e:  # a protocol of fsspec's whose package is not installed (gcs://, az://, ...)
        raise InputError(path, f"reading {s}:// inputs needs another package: {_first_line(e)}") from None
    _used[protocol] = fs
    return fs


def make_filesystem(protocol: str) -> Any:
    """fsspec's filesystem for a protocol, configured as fsspec is (e.g. FSSPEC_S3_ANON=true for
    public buckets; AWS_* and HF_TOKEN are read by s3fs and huggingface_hub themselves)."""
    import fsspec

    return fsspec.filesystem(protocol)


class _PerThreadFile:
    """The file DuckDB gets from open(): each thread has its own position and its own fsspec file.

    DuckDB's threads share one handle per file and call seek() then read() on it. fsspec's buffered
    files (HTTP, S3, the hub) release the GIL inside read() while they wait for the network, so
    another thread's seek() and read() interleave with the first one's and corrupt the file's shared
    state (with fsspec's default read-ahead cache, about every other build of a 20 MB shard over HTTP
    failed: "only 0 bytes returned", "invalid TType"). Opening with cache_type="none" narrows the
    window; one file per thread closes it whatever the filesystem's file class does. A thread's
    seek() and read() always come from that same thread.
    """

    def __init__(self, opener: Any) -> None:
        self._opener, self._local, self._lock = opener, threading.local(), threading.Lock()
        self._files: list[Any] = []
        self.closed = False

    def _file(self) -> Any:
        f = getattr(self._local, "f", None)
        if f is None:
            f = self._local.f = self._opener()
            with self._lock:
                self._files.append(f)
        return f

    def seek(self, loc: int, whence: int = 0) -> int:
        return self._file().seek(loc, whence)

    def tell(self) -> int:
        return self._file().tell()

    def read(self, length: int = -1) -> bytes:
        return self._file().read(length)

    def flush(self) -> None:
        pass

    def close(self) -> None:
        self.closed = True
        with self._lock:
            files, self._files = self._files, []
        for f in files:
            f.close()


@functools.cache
def _duckdb_view_class() -> type:
    from fsspec.spec import AbstractFileSystem

    class DuckDBView(AbstractFileSystem):
        """What DuckDB is given for a filesystem: the same filesystem, opening files per thread
        (_PerThreadFile), with modified() for HTTP, which DuckDB calls on every file it opens and
        fsspec's HTTP filesystem lacks (its Last-Modified header, else the epoch), and with size()
        and modified() remembered for INFO_TTL seconds: DuckDB asks both on each of its several
        opens of a file, which over HTTP is a HEAD request each time."""

        cachable = False

        def __init__(self, fs: Any) -> None:
            super().__init__()
            self.fs, self.protocol = fs, fs.protocol
            self.http = "http" in fs.protocol
            self._memo: dict[tuple[str, str], tuple[float, Any]] = {}

        def _remember(self, kind: str, path: str, get: Any) -> Any:
            now = time.monotonic()
            hit = self._memo.get((kind, path))
            if hit is None or now - hit[0] > INFO_TTL:
                hit = self._memo[(kind, path)] = (now, get())
            return hit[1]

        def open(self, path: str, mode: str = "rb", **kwargs: Any) -> Any:  # type: ignore[override]
            if set(mode) - {"r", "b"}:
                return self.fs.open(path, mode, **kwargs)
            # DuckDB buffers what it reads itself (2 MB blocks): fsspec's read-ahead would fetch more;
            # a known size spares fsspec's HTTP filesystem a HEAD request per thread
            opts = {"cache_type": "none", **kwargs, **({"size": self.size(path)} if self.http else {})}
            return _PerThreadFile(lambda: self.fs.open(path, "rb", **opts))

        def size(self, path: str) -> int:
            if self.http:
                return self._remember("info", path, lambda: self.fs.info(path))["size"]
            return self._remember("size", path, lambda: self.fs.size(path))

        def modified(self, path: str) -> datetime:
            if not self.http:
                return self._remember("modified", path, lambda: self.fs.modified(path))
            stamp = self._remember("info", path, lambda: self.fs.info(path)).get("Last-Modified")
            try:
                return email.utils.parsedate_to_datetime(stamp)
            except (TypeError, ValueError):
                return datetime(1970, 1, 1, tzinfo=UTC)

        # the rest of what DuckDB calls is the wrapped filesystem's own
        def glob(self, path: str, **kwargs: Any) -> Any:
            # DuckDB globs even a plain file name; fsspec's HTTP glob then GETs the whole file to
            # learn that it exists (expand() has already checked it)
            if not _has_magic(path.split("://", 1)[-1], "http" if "http" in self.protocol else ""):
                return [path]
            return self.fs.glob(path, **kwargs)

        def unstrip_protocol(self, name: str) -> str:
            return self.fs.unstrip_protocol(name)

        def info(self, path: str, **kwargs: Any) -> dict[str, Any]:
            return self.fs.info(path, **kwargs)

        def exists(self, path: str, **kwargs: Any) -> bool:
            return self.fs.exists(path, **kwargs)

        def isfile(self, path: str) -> bool:
            return self.fs.isfile(path)

        def isdir(self, path: str) -> bool:
            return self.fs.isdir(path)

        def ls(self, path: str, detail: bool = True, **kwargs: Any) -> Any:
            return self.fs.ls(path, detail=detail, **kwargs)

    return DuckDBView


def _first_line(e: BaseException) -> str:
    text = str(e).strip()
    line = text.splitlines()[0] if text else ""
    return f"{type(e).__name__}: {line}" if line else type(e).__name__


def _not_found(e: FileNotFoundError) -> str:
    """fsspec's HTTP filesystem turns every failure of HEAD and GET into FileNotFoundError: say which."""
    cause = e.__cause__
    status = getattr(cause, "status", None)
    if cause is None or status in (404, 410):
        return "no such remote file" + (f" (HTTP {status})" if status else "")
    if status:
        return f"cannot be read (HTTP {status}){_hint(cause)}"
    return f"cannot be reached ({_first_line(cause)})"


def _hint(e: BaseException) -> str:
    """What to do about the usual credential errors (one clause, same line)."""
    name, text = type(e).__name__, str(e)
    if "NoCredentials" in name:
        return "; for a public bucket set FSSPEC_S3_ANON=true, otherwise the usual AWS_* variables"
    if "Gated" in name or getattr(e, "status", None) in (401, 403) or " 401 " in text or " 403 " in text:
        return "; a gated dataset (Re-LAION-5B is one) needs HF_TOKEN from an account that accepted its terms"
    return ""


def _has_magic(s: str, protocol: str) -> bool:
    # fsspec's HTTP glob treats "?" as the start of a query string, not a wildcard
    return bool(re.search(r"[*\[]" if protocol == "http" else r"[*?\[]", s))


def expand(pattern: str) -> list[RemotePath]:
    """A remote glob -> its files, sorted, each once (the pattern itself when it names one file)."""
    fs = filesystem(pattern)
    s = scheme(pattern)
    protocol = SCHEMES.get(s, (s, ()))[0]  # type: ignore[arg-type]
    try:
        if not _has_magic(pattern.split("://", 1)[1], protocol):
            info = fs.info(pattern)
            if info.get("type", "file") != "file":
                raise InputError(pattern, "is a folder, not a file; give a glob such as "
                                          f"{pattern.rstrip('/')}/*.parquet")
            return [RemotePath(pattern)]
        found = fs.glob(pattern, detail=True)
    except InputError:
        raise
    except FileNotFoundError as e:
        raise InputError(pattern, _not_found(e)) from None
    except Exception as e:  # network, permission, gated repository, ...
        raise InputError(pattern, f"cannot be listed ({_first_line(e)}){_hint(e)}") from None
    urls = sorted({_url(s, p) for p, info in found.items() if info.get("type", "file") == "file"})
    return [RemotePath(u) for u in urls]


def _url(s: str, found: str) -> str:
    """A path as the filesystem's glob returns it -> a URL with the user's scheme."""
    if scheme(found):
        return found
    return f"{s}://{found.lstrip('/')}"


def size(path: InputPath) -> int:
    """The file's size in bytes: stat() for a local file, the filesystem's info (HEAD for HTTP) for a remote one."""
    if isinstance(path, Path):
        try:
            return path.stat().st_size
        except OSError as e:
            raise InputError(path, f"cannot be read ({e.strerror})") from None
    fs = filesystem(path.url)
    try:
        info = fs.info(path.url)
    except FileNotFoundError as e:
        raise InputError(path, _not_found(e)) from None
    except Exception as e:
        raise InputError(path, f"cannot be read ({_first_line(e)}){_hint(e)}") from None
    if info.get("size") is None:
        raise InputError(path, "the server does not say how large the file is (no Content-Length), "
                               "so its footer cannot be read")
    return int(info["size"])


@contextmanager
def open_input(path: InputPath) -> Iterator[Any]:
    """A local path as is, or a remote file opened for random access (for pyarrow.parquet.ParquetFile)."""
    if isinstance(path, Path):
        yield path
        return
    fs = filesystem(path.url)
    with fs.open(path.url, "rb") as f:
        yield f


def register(con: Any, paths: Any = ()) -> None:
    """Register on a DuckDB connection the filesystems of `paths` and of every remote input this
    process has opened, each once. Local paths need nothing (and no fsspec import)."""
    for p in paths:
        if isinstance(p, RemotePath):
            filesystem(p.url)
    if not _used:
        return
    have = set(con.list_filesystems())  # DuckDB names a filesystem after its first protocol
    for _, fs in sorted(_used.items()):
        name = fs.protocol if isinstance(fs.protocol, str) else fs.protocol[0]
        if name not in have:
            con.register_filesystem(_duckdb_view_class()(fs))
            have.add(name)


def error_line(e: BaseException) -> str:
    """The line of a DuckDB error worth showing: for a Python filesystem's failure DuckDB's message is
    the whole Python traceback, whose last `Type: message` line says what went wrong."""
    lines = [ln for ln in str(e).splitlines() if ln.strip()]
    if not lines:
        return type(e).__name__
    if "Traceback (most recent call last)" not in lines[0]:
        return lines[0]
    skip = ("Traceback", "During handling", "The above exception", "LINE ")
    said = [ln.strip() for ln in lines if not ln[:1].isspace() and not ln.startswith(skip)
            and not set(ln.strip()) <= set("^~ ")]
    return said[-1] if said else lines[0]
