"""Remote --input (hf://, s3://, http(s)://) through fsspec, without any network.

memory:// and a local HTTP server (Range and HEAD, started here) stand in for remote storage;
s3:// and hf:// are checked for the filesystem class they pick, for the one-line message when
their package is missing, and for DuckDB reading through a registered filesystem of their
protocol (a memory-backed stand-in, so no server is contacted).
"""

from __future__ import annotations

import contextlib
import functools
import importlib
import json
import os
import re
import subprocess
import sys
import threading
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pyarrow.parquet as pq
import pytest

fsspec = pytest.importorskip("fsspec")

from fsspec.implementations.memory import MemoryFileSystem  # noqa: E402

from precompute.build import sources  # noqa: E402
from precompute.build.inputs import expand_inputs  # noqa: E402
from precompute.build.run import build  # noqa: E402
from precompute.contract.models import AGGREGATES_FILE, INDEX_FILE, MANIFEST_FILE  # noqa: E402
from precompute.errors import InputError  # noqa: E402
from tests.fixtures import laion_table, stale, write  # noqa: E402

SHARDS = {  # LAION's layout: the folder names the subset
    "laion2B-en/part-00000.parquet": lambda: laion_table(3000, 1, aesthetic=True),
    "laion2B-en/part-00001.parquet": lambda: laion_table(2000, 4, aesthetic=True),
    "laion2B-multi/part-00000.parquet": lambda: laion_table(2500, 2, language=True),
    "laion1B-nolang/part-00000.parquet": lambda: laion_table(1500, 3, float_size=True),
}


class RangeHandler(SimpleHTTPRequestHandler):
    """Static files with HEAD and single byte ranges (SimpleHTTPRequestHandler has no Range), directory
    listings as SimpleHTTPRequestHandler writes them; paths in `server.fail_middle` answer 500 to any
    range that starts before their last 128 KiB (a connection that breaks in the middle of a file)."""

    def log_message(self, *args: object) -> None:
        pass

    def do_HEAD(self) -> None:
        self._serve(body=False)

    def do_GET(self) -> None:
        self._serve(body=True)

    def _serve(self, body: bool) -> None:
        path = self.translate_path(self.path)
        if os.path.isdir(path):
            return super().do_GET() if body else super().do_HEAD()
        if not os.path.isfile(path):
            self.send_error(404)
            return
        size = os.path.getsize(path)
        start, end, status = 0, size - 1, 200
        m = re.fullmatch(r"bytes=(\d*)-(\d*)", self.headers.get("Range", "").strip())
        if m and (m.group(1) or m.group(2)):
            if m.group(1):
                start, end = int(m.group(1)), min(int(m.group(2) or size - 1), size - 1)
            else:
                start = max(0, size - int(m.group(2)))
            if start >= size:
                self.send_response(416)
                self.send_header("Content-Range", f"bytes */{size}")
                self.end_headers()
                return
            status = 206
        if status == 206 and self.path.split("?")[0] in self.server.fail_middle and start < size - 128 * 1024:
            self.send_error(500, "connection to the storage backend lost")
            return
        self.send_response(status)
        self.send_header("Content-Type", "application/octet-stream")
        self.send_header("Accept-Ranges", "bytes")
        self.send_header("Content-Length", str(end - start + 1))
        if status == 206:
            self.send_header("Content-Range", f"bytes {start}-{end}/{size}")
        self.end_headers()
        if body:
            with open(path, "rb") as f:
                f.seek(start)
                # the client may hang up once it has what it needed (a footer read ahead)
                with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                    self.wfile.write(f.read(end - start + 1))



def serve(root: Path) -> tuple[ThreadingHTTPServer, str]:
    """Serve `root` on 127.0.0.1 (a free port) from a daemon thread; returns the server and its base URL."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(RangeHandler, directory=str(root)))
    server.fail_middle = set()  # type: ignore[attr-defined]
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}"


def _cli(*args: str, pre: str = "") -> subprocess.CompletedProcess[str]:
    """The CLI in a fresh interpreter; `pre` runs first (to hide a package, as without the extra)."""
    code = f"import sys\n{pre}\nfrom precompute.__main__ import main\nsys.exit(main(sys.argv[1:]))"
    return subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, timeout=120,
                          cwd=Path(__file__).resolve().parent.parent)


def _outputs(out: Path) -> dict[str, bytes]:
    return {n: (out / n).read_bytes() for n in (AGGREGATES_FILE, INDEX_FILE)}


def _manifest_rest(out: Path) -> dict:
    """The manifest without what differs between two builds of the same rows: paths, time, duration."""
    m = json.loads((out / MANIFEST_FILE).read_text())
    for k in ("created", "duration_s"):
        m.pop(k)
    for i in m["inputs"]:
        i.pop("path")
    return m


def _one_line_error(r: subprocess.CompletedProcess[str], *words: str) -> str:
    assert r.returncode == 2, (r.returncode, r.stderr)
    assert "Traceback" not in r.stderr, r.stderr
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1, r.stderr
    for w in words:
        assert w in lines[0], (w, lines[0])
    return lines[0]


@pytest.fixture(autouse=True)
def _fresh_filesystems(monkeypatch: pytest.MonkeyPatch) -> None:
    """Each test starts with no remote filesystem opened (sources caches them per process)."""
    monkeypatch.setattr(sources, "_used", {})


@pytest.fixture(scope="module")
def shards(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("remote-shards")
    for rel, table in SHARDS.items():
        write(table(), root / rel)
    return root


@pytest.fixture(scope="module")
def local_build(shards: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("local") / "agg"
    build([str(shards / "*" / "*.parquet")], out, progress=False)
    return out


@pytest.fixture(scope="module")
def http(shards: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path, set[str]]]:
    """The shards (and a folder of bad files) on a local HTTP server: (base URL, its root, fail_middle)."""
    root = tmp_path_factory.mktemp("http-root")
    for rel in SHARDS:
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_bytes((shards / rel).read_bytes())
    bad = root / "bad" / "laion2B-en"
    bad.mkdir(parents=True)
    (bad / "text.parquet").write_text("URL,TEXT\nhttp://a,b\n")
    data = (shards / "laion2B-en/part-00000.parquet").read_bytes()
    (bad / "truncated.parquet").write_bytes(data[: len(data) // 2])
    big = laion_table(60_000, 7)
    write(big, bad / "breaks.parquet")
    assert (bad / "breaks.parquet").stat().st_size > 512 * 1024  # the break is well before the footer
    server, base = serve(root)
    server.fail_middle.add("/bad/laion2B-en/breaks.parquet")  # type: ignore[attr-defined]
    yield base, root, server.fail_middle  # type: ignore[attr-defined]
    server.shutdown()
    server.server_close()


# ---- (a) memory:// ----

def test_memory_glob_build_equals_local_build(shards: Path, local_build: Path, tmp_path: Path) -> None:
    fs = fsspec.filesystem("memory")
    for rel in SHARDS:
        fs.pipe(f"memory://{rel}", (shards / rel).read_bytes())
    try:
        out = tmp_path / "agg"
        m = build(["memory://laion*/*.parquet"], out, progress=False)
    finally:
        for rel in SHARDS:
            fs.rm(f"memory://{rel}")
    assert _outputs(out) == _outputs(local_build)
    assert _manifest_rest(out) == _manifest_rest(local_build)
    assert [i["path"] for i in m["inputs"]] == sorted(f"memory://{rel}" for rel in SHARDS)
    assert {i["subset"] for i in m["inputs"]} == {"laion2B-en", "laion2B-multi", "laion1B-nolang"}


def test_memory_named_subset_and_each_file_once(shards: Path) -> None:
    fs = fsspec.filesystem("memory")
    fs.pipe("memory://x/a.parquet", (shards / "laion2B-en/part-00000.parquet").read_bytes())
    try:
        got = expand_inputs(["laion2B-multi=memory://x/*.parquet", "memory://x/a.parquet"])
        assert [(n, str(p)) for n, p in got] == [("laion2B-multi", "memory://x/a.parquet")]
        with pytest.raises(InputError) as e:
            expand_inputs(["memory://nothing-here/*.parquet"])
        assert e.value.path == "memory://nothing-here/*.parquet" and "no file matches" in e.value.problem
    finally:
        fs.rm("memory://x/a.parquet")


# ---- (b) a local HTTP server ----

def test_http_explicit_urls_equal_local_build(http: tuple[str, Path, set[str]], local_build: Path,
                                              tmp_path: Path) -> None:
    base, _, _ = http
    urls = [f"{base}/{rel}" for rel in sorted(SHARDS)]  # the local build's order (it names subsets in order)
    out = tmp_path / "agg"
    r = _cli("build", *[a for u in urls for a in ("--input", u)], "--out", str(out))
    assert r.returncode == 0, r.stderr
    assert _outputs(out) == _outputs(local_build)
    assert _manifest_rest(out) == _manifest_rest(local_build)
    m = json.loads((out / MANIFEST_FILE).read_text())
    assert [i["path"] for i in m["inputs"]] == urls  # the URLs as given
    assert [i["bytes"] for i in m["inputs"]] == [(http[1] / rel).stat().st_size for rel in sorted(SHARDS)]


def test_http_glob_over_directory_listing(http: tuple[str, Path, set[str]], local_build: Path,
                                          tmp_path: Path) -> None:
    base, _, _ = http
    files = [str(p) for _, p in expand_inputs([f"{base}/laion*/*.parquet"])]
    assert files == sorted(f"{base}/{rel}" for rel in SHARDS)
    out = tmp_path / "agg"
    build([f"{base}/laion*/*.parquet"], out, progress=False)
    assert _outputs(out) == _outputs(local_build)


def test_http_url_with_query_string_is_not_a_named_subset(http: tuple[str, Path, set[str]]) -> None:
    base, _, _ = http
    url = f"{base}/laion2B-en/part-00000.parquet?download=true"
    assert [(n, str(p)) for n, p in expand_inputs([url])] == [(None, url)]
    assert [(n, str(p)) for n, p in expand_inputs([f"laion2B-multi={url}"])] == [("laion2B-multi", url)]


def test_threads_sharing_a_handle_each_read_their_own_bytes() -> None:
    """DuckDB's threads share one handle per file (seek, then read); fsspec's files release the GIL
    inside read(). Through sources' per-thread files every read returns the bytes at its own offset."""
    data = bytes(range(256)) * 64
    barrier = threading.Barrier(2, timeout=10)

    class Slow:  # like fsspec's buffered files: other threads run while read() waits for the network
        def __init__(self) -> None:
            self.loc = 0

        def seek(self, loc: int, whence: int = 0) -> int:
            self.loc = loc
            return loc

        def read(self, n: int) -> bytes:
            barrier.wait()  # both threads have seeked before either one reads
            out = data[self.loc:self.loc + n]
            self.loc += len(out)
            return out

        def close(self) -> None:
            pass

    def wrong_reads(handle: object) -> int:
        got: dict[int, bytes] = {}

        def worker(loc: int) -> None:
            handle.seek(loc)  # type: ignore[attr-defined]
            got[loc] = handle.read(16)  # type: ignore[attr-defined]

        threads = [threading.Thread(target=worker, args=(loc,)) for loc in (0, 1000)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        return sum(got[loc] != data[loc:loc + 16] for loc in (0, 1000))

    assert wrong_reads(Slow()) >= 1  # the hazard: one shared position, and a read lands at the other's
    assert wrong_reads(sources._PerThreadFile(Slow)) == 0


def test_multi_row_group_file_over_http_read_by_several_threads(http: tuple[str, Path, set[str]],
                                                               tmp_path: Path) -> None:
    """A file big enough for DuckDB to read its row groups in parallel, in more than one request each
    (handing DuckDB fsspec's files as they are, with their shared read-ahead cache, builds like this
    failed about half the time: 'invalid TType', 'only 0 bytes returned')."""
    base, root, _ = http
    rel = "big/laion2B-en/part-00000.parquet"
    (root / rel).parent.mkdir(parents=True, exist_ok=True)
    pq.write_table(laion_table(250_000, 11), root / rel, row_group_size=25_000)
    assert (root / rel).stat().st_size > 8 * 2**20
    local = build([str(root / rel)], tmp_path / "local", progress=False)
    remote = build([f"{base}/{rel}"], tmp_path / "remote", progress=False)
    assert _outputs(tmp_path / "remote") == _outputs(tmp_path / "local")
    assert remote["rows"] == local["rows"] == 250_000


# ---- (c) bad remote input: exit 2, one line naming the URL ----

@pytest.mark.parametrize(("rel", "word"), [
    ("bad/laion2B-en/missing.parquet", "no such remote file (HTTP 404)"),
    ("bad/laion2B-en/text.parquet", "not a readable parquet file"),
    ("bad/laion2B-en/truncated.parquet", "not a readable parquet file"),
    ("bad/laion2B-en/breaks.parquet", "could not be read"),
    ("nothing/*.parquet", "no file matches"),
])
def test_bad_remote_input_is_one_line(http: tuple[str, Path, set[str]], tmp_path: Path, rel: str,
                                      word: str) -> None:
    base, _, _ = http
    url = f"{base}/{rel}"
    r = _cli("build", "--input", f"{base}/laion2B-en/part-00000.parquet", "--input", url,
             "--out", str(tmp_path / "agg"))
    line = _one_line_error(r, url, word)
    assert line.startswith(f"error: {url}: ")
    assert not (tmp_path / "agg").exists()
    assert stale(tmp_path) == [] and not list(tmp_path.glob(".agg.v-*"))  # no work folder left behind


def test_break_in_the_middle_says_what_failed(http: tuple[str, Path, set[str]], tmp_path: Path) -> None:
    base, _, _ = http
    url = f"{base}/bad/laion2B-en/breaks.parquet"
    with pytest.raises(InputError) as e:
        build([url], tmp_path / "agg", progress=False)
    assert e.value.path == url
    assert "500" in e.value.problem and "\n" not in e.value.problem


def test_unreachable_server_is_one_line(tmp_path: Path) -> None:
    url = "http://127.0.0.1:9/laion2B-en/part-00000.parquet"  # port 9 (discard): nothing listens
    _one_line_error(_cli("build", "--input", url, "--out", str(tmp_path / "agg")), url, "Cannot connect")


# ---- (d) s3:// and hf:// without contacting a server ----

@pytest.mark.parametrize(("url", "module", "cls"), [
    ("s3://bucket/laion2B-en/part-00000.parquet", "s3fs", "S3FileSystem"),
    ("s3a://bucket/laion2B-en/part-00000.parquet", "s3fs", "S3FileSystem"),
    ("hf://datasets/laion/relaion2B-en-research-safe/part-00000.parquet", "huggingface_hub", "HfFileSystem"),
    ("https://example.org/laion2B-en/part-00000.parquet", "fsspec.implementations.http", "HTTPFileSystem"),
    ("http://example.org/laion2B-en/part-00000.parquet", "fsspec.implementations.http", "HTTPFileSystem"),
])
def test_scheme_picks_its_filesystem(url: str, module: str, cls: str) -> None:
    pytest.importorskip(module)
    fs = sources.filesystem(url)  # constructing a filesystem contacts nothing
    assert isinstance(fs, getattr(importlib.import_module(module), cls))


@pytest.mark.parametrize(("url", "hidden", "package"), [
    ("s3://bucket/laion2B-en/*.parquet", "s3fs", "s3fs"),
    ("hf://datasets/laion/relaion2B-en-research-safe/*.parquet", "huggingface_hub", "huggingface-hub"),
    ("https://example.org/laion2B-en/part-00000.parquet", "aiohttp", "aiohttp"),
    ("s3://bucket/laion2B-en/*.parquet", "fsspec", "fsspec"),
])
def test_missing_extra_is_one_line(url: str, hidden: str, package: str, tmp_path: Path,
                                   monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, hidden, None)  # import fails, as without the extra
    with pytest.raises(InputError) as e:
        expand_inputs([url])
    assert e.value.path == url and f"the {package} package" in e.value.problem
    assert "pip install -e '.[remote]'" in e.value.problem and f"pip install {package})" in e.value.problem
    r = _cli("build", "--input", url, "--out", str(tmp_path / "agg"), pre=f"sys.modules[{hidden!r}] = None")
    _one_line_error(r, url, f"the {package} package", "[remote]")


def test_local_build_never_imports_remote_packages(shards: Path, tmp_path: Path) -> None:
    code = ("import sys; from pathlib import Path; from precompute.build.run import build; "
            f"build([{str(shards / '*' / '*.parquet')!r}], Path({str(tmp_path / 'agg')!r}), progress=False); "
            "print(sorted(m for m in ('fsspec', 's3fs', 'huggingface_hub', 'aiohttp') if m in sys.modules))")
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120,
                       cwd=Path(__file__).resolve().parent.parent)
    assert r.returncode == 0, r.stderr
    assert r.stdout.strip() == "[]"


def _memory_backed(protocols: tuple[str, ...]) -> type:
    """A stand-in for s3fs / HfFileSystem: fsspec's memory filesystem answering to their protocols."""

    class Stand(MemoryFileSystem):
        protocol = protocols
        store: dict = {}  # noqa: RUF012
        pseudo_dirs = [""]  # noqa: RUF012

        @classmethod
        def _strip_protocol(cls, path: str) -> str:
            for p in protocols:
                if path.startswith(f"{p}://"):
                    path = path[len(p) + 3:]
            path = path.lstrip("/").rstrip("/")
            return "/" + path if path else ""

    return Stand


@pytest.mark.parametrize(("protocols", "files"), [
    (("s3", "s3a"), {rel: f"s3://bucket/meta/{rel}" for rel in SHARDS}),
    # Re-LAION-5B keeps each subset's files at the top of its own repository
    (("hf",), {rel: f"hf://datasets/laion/re{rel.split('/')[0]}-research-safe/{rel.split('/')[1]}"
               for rel in SHARDS}),
])
def test_duckdb_reads_through_the_registered_filesystem(protocols: tuple[str, ...], files: dict[str, str],
                                                        shards: Path, local_build: Path, tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    """s3:// and hf:// paths go to the fsspec filesystem registered for their protocol, both for the
    footer (pyarrow) and for DuckDB's pass, and give the local build's bytes."""
    fs = _memory_backed(protocols)()
    monkeypatch.setattr(sources, "make_filesystem", lambda protocol: fs)
    for rel, url in files.items():
        fs.pipe(url, (shards / rel).read_bytes())
    patterns = sorted({url.rsplit("/", 1)[0] + "/*.parquet" for url in files.values()})
    out = tmp_path / "agg"
    m = build(patterns, out, progress=False)
    assert _outputs(out) == _outputs(local_build)
    # the same rows, subsets and cuts; the folders name the release (precompute.scan.profiles.RELEASES)
    got, want = _manifest_rest(out), _manifest_rest(local_build)
    assert got.pop("dataset") == ("Re-LAION-5B research-safe" if "hf" in protocols else "LAION-5B")
    want.pop("dataset")
    assert got == want
    assert sorted(i["path"] for i in m["inputs"]) == sorted(files.values())


def test_file_scheme_is_refused_with_a_hint(tmp_path: Path) -> None:
    with pytest.raises(InputError) as e:
        expand_inputs([f"file://{tmp_path}/x.parquet"])
    assert "without file://" in e.value.problem


# ---- workers of a Dask cluster read the URLs themselves ----

@pytest.mark.slow
def test_cluster_build_over_http_equals_local(http: tuple[str, Path, set[str]], local_build: Path,
                                              tmp_path: Path) -> None:
    pytest.importorskip("distributed")
    from dask.distributed import LocalCluster

    from precompute.build.cluster import dask_partials

    base, _, _ = http
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster:
        fn = dask_partials(scheduler=cluster.scheduler_address, duckdb_threads=1)
        out = tmp_path / "agg"
        build([f"{base}/{rel}" for rel in sorted(SHARDS)], out, partial_fn=fn, progress=False)
    assert _outputs(out) == _outputs(local_build)


def test_parquet_footer_of_remote_file_is_read_through_fs(http: tuple[str, Path, set[str]], shards: Path) -> None:
    base, _, _ = http
    from precompute.build.inputs import inspect

    url = f"{base}/laion2B-multi/part-00000.parquet"
    (_, path), = expand_inputs([url])
    shard = inspect(path, None, "auto")
    local = shards / "laion2B-multi/part-00000.parquet"
    assert (shard.subset, shard.rows, shard.bytes) == ("laion2B-multi", pq.ParquetFile(local).metadata.num_rows,
                                                       local.stat().st_size)
