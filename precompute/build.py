"""`precompute build`: shards -> per-shard partials -> merge -> aggregates + manifest, published atomically."""

from __future__ import annotations

import glob
import json
import os
import platform
import shutil
import sys
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq

from . import __version__, sources
from .aggregates import TOP_DOMAINS, build_aggregates
from .domains.index import INDEX_FILE, build_index
from .errors import InputError
from .langcheck import check_languages
from .merge import merge
from .profiles import LAION_SUBSETS, NUMERIC, PROFILES, REQUIRED, Profile, detect
from .shard import SAMPLE_MOD, ShardSpec, shard_partial
from .sources import InputPath, RemotePath

AGGREGATES_FILE = "aggregates.json"
MANIFEST_FILE = "manifest.json"
MERGE_BATCH_ROWS = 400_000  # partial rows held before they are merged (memory vs merge work)
DEFAULT_MEMORY_LIMIT = "2GB"
# DuckDB's own limit is this share of the build's budget: the rest is Python, Arrow buffers of the
# small partials, the language detectors and DuckDB's allocations outside its buffer manager
DUCKDB_SHARE = 0.6
_UNITS = {"": 1, "B": 1, "KB": 10**3, "MB": 10**6, "GB": 10**9, "TB": 10**12,
          "KIB": 2**10, "MIB": 2**20, "GIB": 2**30, "TIB": 2**40}


@dataclass
class Shard:
    path: InputPath  # a local Path, or a RemotePath (the URL) read through fsspec (sources.py)
    subset: str
    profile: Profile
    columns: dict[str, str | None]
    rows: int
    bytes: int
    meta: dict[str, str] = field(default_factory=dict)
    float_size: bool = False  # WIDTH/HEIGHT stored as floats, as in some LAION copies

    def spec(self, seed: int, sample_mod: int) -> ShardSpec:
        language = self.profile.subset_language.get(self.subset, self.profile.default_language)
        return ShardSpec(str(self.path), self.subset, self.columns, language, seed, sample_mod)


def expand_inputs(inputs: Iterable[str]) -> list[tuple[str | None, InputPath]]:
    """`GLOB` or `NAME=GLOB` -> (subset name or None, file), sorted, each file once.

    GLOB is a local path or a URL (hf://, s3://, http(s)://) globbed by its fsspec filesystem; a NAME
    holds no "/" or ":" (so `?a=b` in a URL stays in the pattern).
    """
    out: list[tuple[str | None, InputPath]] = []
    seen: set[Path | str] = set()
    for item in inputs:
        head = item.split("=", 1)[0]
        named = "=" in item and "/" not in head and ":" not in head and not os.path.exists(item)
        name, pattern = item.split("=", 1) if named else (None, item)
        if sources.is_remote(pattern):
            files: list[InputPath] = list(sources.expand(pattern))
        else:
            files = [f for f in sorted(Path(p) for p in glob.glob(pattern, recursive=True)) if f.is_file()]
        if not files:
            raise InputError(pattern, "no file matches this --input pattern")
        for f in files:
            key = f.url if isinstance(f, RemotePath) else f.resolve()
            if key not in seen:
                seen.add(key)
                out.append((name or None, f))
    return out


def inspect(path: InputPath, subset: str | None, profile_name: str) -> Shard:
    """Open one file's footer and schema (a remote one through fsspec); raise InputError naming the file."""
    size = sources.size(path)
    if size == 0:
        raise InputError(path, "empty file (0 bytes)")
    try:
        with sources.open_input(path) as f:
            pf = pq.ParquetFile(f)
            schema = pf.schema_arrow
            rows = pf.metadata.num_rows
    except InputError:
        raise
    except Exception as e:  # pyarrow raises several types for non-parquet and truncated files
        first = str(e).splitlines()[0] if str(e) else type(e).__name__
        raise InputError(path, f"not a readable parquet file (truncated or another format): {first}") from None
    names = schema.names
    if profile_name == "auto":
        profile = detect(names)
        if profile is None:
            raise InputError(path, "no URL and TEXT columns (nor url and text): "
                                   "not LAION-5B, DataComp or COYO metadata")
    else:
        profile = PROFILES[profile_name]
    columns = profile.resolve(names)
    for c in REQUIRED:
        if columns[c] is None:
            want = " or ".join(profile.columns[c])
            raise InputError(path, f"no {want} column (the {profile.name} profile needs it)")
    types = {f.name: f.type for f in schema}
    for c in NUMERIC:
        src = columns[c]
        if src and not (pa.types.is_integer(types[src]) or pa.types.is_floating(types[src])
                        or pa.types.is_decimal(types[src]) or pa.types.is_null(types[src])):
            raise InputError(path, f"column {src} has type {types[src]}; expected a number")
    for c in REQUIRED:
        src = columns[c]
        if not (pa.types.is_string(types[src]) or pa.types.is_large_string(types[src])
                or pa.types.is_null(types[src]) or pa.types.is_dictionary(types[src])):
            raise InputError(path, f"column {src} has type {types[src]}; expected text")
    if subset is None:
        subset = sources.folder_subset(path, LAION_SUBSETS) or profile.default_subset
    meta = {k.decode(): v.decode() for k, v in (schema.metadata or {}).items() if k.startswith(b"explainer.")}
    float_size = any(columns[c] and pa.types.is_floating(types[columns[c]]) for c in ("width", "height"))
    return Shard(path, subset, profile, columns, rows, size, meta, float_size)


class Progress:
    """Shards done, rows/s and ETA on one stderr line, only when stderr is a terminal."""

    def __init__(self, total_rows: int, shards: int, enabled: bool | None = None) -> None:
        self.total_rows, self.shards = total_rows, shards
        self.enabled = sys.stderr.isatty() if enabled is None else enabled
        self.start = time.perf_counter()
        self.rows = self.done = 0

    def step(self, rows: int) -> None:
        self.rows += rows
        self.done += 1
        if not self.enabled:
            return
        dt = max(time.perf_counter() - self.start, 1e-9)
        rate = self.rows / dt
        eta = (self.total_rows - self.rows) / rate if rate else 0.0
        width = 30
        filled = int(width * self.done / max(self.shards, 1))
        sys.stderr.write(f"\r[{'#' * filled}{'.' * (width - filled)}] {self.done}/{self.shards} shards "
                         f"{rate / 1e6:5.1f}M rows/s ETA {eta:4.0f}s ")
        if self.done == self.shards:
            sys.stderr.write("\n")
        sys.stderr.flush()


def parse_size(text: str, option: str = "--memory-limit") -> int:
    """'2GB', '512MiB', '1.5GB' -> bytes; InputError naming the option otherwise."""
    t = str(text).strip().upper().replace(" ", "")
    num = t.rstrip("KMGTIB")
    unit = t[len(num):]
    try:
        value = float(num) * _UNITS[unit]
    except (ValueError, KeyError):
        raise InputError(option, f"{text!r} is not a size such as 2GB or 512MB") from None
    if value < 64 * 2**20:
        raise InputError(option, f"{text!r} is too small: the build needs at least 64MB")
    return int(value)


def connect(memory_limit: int, spill_dir: Path | None = None, database: Path | None = None,
            threads: int | None = None) -> duckdb.DuckDBPyConnection:
    """A DuckDB connection held to its share of the build's memory budget, spilling to `spill_dir`.

    With no `spill_dir` nothing spills: work beyond the limit fails (used by workers, whose
    partials are small, and by the test that shows what spilling buys).
    """
    con = duckdb.connect(str(database) if database else ":memory:")
    con.execute("SET preserve_insertion_order = false")
    con.execute(f"SET memory_limit = '{max(32, int(memory_limit * DUCKDB_SHARE) // 2**20)}MiB'")
    spill = "" if spill_dir is None else str(spill_dir).replace("'", "''")
    if spill_dir is not None:
        spill_dir.mkdir(parents=True, exist_ok=True)
    con.execute(f"SET temp_directory = '{spill}'")
    if threads:
        con.execute(f"SET threads = {int(threads)}")
    sources.register(con)  # fsspec filesystems of the remote inputs opened so far (none for local files)
    return con


def invalid_utf8_column(shard: Shard) -> str | None:
    """The first text column of the shard holding bytes that are not UTF-8 (only on the error path)."""
    names = [c for c in (shard.columns.get(k) for k in ("caption", "url", "language")) if c]
    with sources.open_input(shard.path) as f:
        pf = pq.ParquetFile(f)
        for name in names:
            for i in range(pf.num_row_groups):
                col = pf.read_row_group(i, columns=[name]).column(0)
                try:
                    col.validate(full=True)  # full validation checks UTF-8 of string arrays
                except pa.ArrowInvalid:
                    return name
    return None


def run_partial(shard: Shard, seed: int, sample_mod: int, con: duckdb.DuckDBPyConnection,
                host_file: str) -> pa.Table:
    """The one pass over one shard (hosts to `host_file`); a read error becomes an InputError naming the file.

    Text that is not valid UTF-8 rejects the file (exit 2) naming the column, rather than being
    decoded with replacement characters: the aggregates count captions as they are, and a shard
    with broken encoding is better re-exported than silently altered.
    """
    sources.register(con, [shard.path])  # a worker's reused connection may not have this one's filesystem
    try:
        return shard_partial(con, shard.spec(seed, sample_mod), host_file)
    except duckdb.OutOfMemoryException:
        raise  # not the file's fault: build() names --memory-limit
    except duckdb.Error as e:
        first = sources.error_line(e)  # for a remote file, the last line of fsspec's traceback
        if "UTF8" in first or "string encoding" in first:
            col = invalid_utf8_column(shard)
            if col:
                raise InputError(shard.path, f"column {col} holds text that is not valid UTF-8; "
                                             "re-encode it as UTF-8 and build again") from None
        raise InputError(shard.path, f"could not be read: {first}") from None


def _manifest_meta(shards: list[Shard]) -> dict[str, Any]:
    synthetic = {s.meta.get("explainer.synthetic") == "true" for s in shards}
    scales = {s.meta.get("explainer.scale") for s in shards if s.meta.get("explainer.scale")}
    seeds = {s.meta.get("explainer.seed") for s in shards if s.meta.get("explainer.seed")}
    if len(synthetic) > 1:
        raise InputError(shards[0].path.parent, "inputs mix synthetic replica shards with real metadata")
    if len(scales) > 1:
        raise InputError(shards[0].path.parent, f"synthetic shards of different scales: {sorted(scales)}")
    is_synth = synthetic == {True}
    return {
        "synthetic": is_synth,
        "scale": int(next(iter(scales))) if is_synth and scales else 1,
        "seed": int(next(iter(seeds))) if is_synth and seeds else None,
        "generator": next((s.meta["explainer.generator"] for s in shards if "explainer.generator" in s.meta), None),
    }


PartialFn = Callable[[list[Shard], int, int, list[str]], Iterable[pa.Table]]


def build(inputs: list[str], out: Path, profile: str = "auto", seed: int = 0, sample_mod: int = SAMPLE_MOD,
          progress: bool | None = None, partial_fn: PartialFn | None = None,
          memory_limit: str = DEFAULT_MEMORY_LIMIT, temp_dir: Path | None = None,
          spill: bool = True) -> dict[str, Any]:
    """Build aggregates from shards into `out`; `out` is replaced only when everything succeeded.

    `partial_fn` lets another executor (a Dask cluster) compute the per-shard partials; it writes
    each shard's host partial to the path it is given (which must be on storage it shares with us).
    Spill files and host partials live in a work folder under `temp_dir` (default: beside `out`),
    removed on success and on failure. `spill=False` forbids spilling (to measure what it buys).
    """
    t0 = time.perf_counter()
    if profile != "auto" and profile not in PROFILES:
        raise InputError("--profile", f"unknown profile {profile!r}; choose auto, {', '.join(PROFILES)}")
    budget = parse_size(memory_limit)
    shards = [inspect(path, subset, profile) for subset, path in expand_inputs(inputs)]
    meta = _manifest_meta(shards)
    subsets = list(dict.fromkeys(s.subset for s in shards))
    out = Path(out)
    work = _work_dir(Path(temp_dir) if temp_dir else out.parent, out.name)
    try:
        con = connect(budget, work / "spill" if spill else None, database=work / "build.duckdb")
        host_files = [str(work / f"hosts-{i:06d}.parquet") for i in range(len(shards))]
        bar = Progress(sum(s.rows for s in shards), len(shards), progress)
        if partial_fn is None:
            def local(shards: list[Shard], seed: int, sample_mod: int, host_files: list[str]) -> Iterable[pa.Table]:
                for s, f in zip(shards, host_files, strict=True):
                    yield run_partial(s, seed, sample_mod, con, f)

            partial_fn = local
        merge_con = con.cursor()
        pending: list[pa.Table] = []
        for shard, part in zip(shards, partial_fn(shards, seed, sample_mod, host_files), strict=True):
            pending.append(part)
            # merge in batches: memory stays near MERGE_BATCH_ROWS plus the running total,
            # without paying for one merge per shard
            if sum(p.num_rows for p in pending) > MERGE_BATCH_ROWS:
                pending = [merge(pending, merge_con)]
            bar.step(shard.rows)
        merged = merge(pending, merge_con)
        with staging(out) as stage:
            if bar.enabled:
                print("folding hosts into registered domains...", file=sys.stderr, flush=True)
            # the language check (CLD3 and lingua on a few thousand captions) runs beside the
            # domain fold (DuckDB): both release the GIL, and each leaves a core to the other
            with ThreadPoolExecutor(max_workers=1) as pool:
                checked = pool.submit(check_languages, merged)
                index = build_index(con, host_files, subsets, stage / INDEX_FILE, TOP_DOMAINS)
                language_check = checked.result()
            con.close()
            aggregates = build_aggregates(merged, subsets, index, language_check)
            manifest = make_manifest(shards, subsets, meta, aggregates, seed, sample_mod, time.perf_counter() - t0)
            manifest["files"] = {INDEX_FILE: index.manifest_entry()}
            manifest["domains"] = {"distinct_domains": index.rows, "distinct_hosts": index.distinct_hosts}
            manifest["memory_limit"] = budget
            write_json(stage, {AGGREGATES_FILE: aggregates, MANIFEST_FILE: manifest})
    except duckdb.OutOfMemoryException as e:
        raise InputError("--memory-limit", f"DuckDB ran out of memory ({str(e).splitlines()[0]}); "
                                           "give a larger --memory-limit or a --temp-dir with more space") from None
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return manifest


def _work_dir(parent: Path, name: str) -> Path:
    parent.mkdir(parents=True, exist_ok=True)
    return Path(tempfile.mkdtemp(prefix=f".{name}.work-", dir=parent))


def make_manifest(shards: list[Shard], subsets: list[str], meta: dict[str, Any], aggregates: dict[str, Any],
                  seed: int, sample_mod: int, duration: float) -> dict[str, Any]:
    """What was read, how, and what it holds: the provenance shown on the Method step."""
    sim = aggregates["similarity"]["subsets"]
    subset_rows = []
    for name in subsets:
        mine = [s for s in shards if s.subset == name]
        prof = mine[0].profile
        cols = {c: any(s.columns[c] for s in mine) for c in mine[0].columns}
        # a language implied by the subset (laion2B-en is English by construction) is not missing
        cols["language"] = cols["language"] or bool(mine[0].spec(0, 1).language not in (None, "und"))
        subset_rows.append({
            "name": name,
            "rows": sum(s.rows for s in mine),
            "files": len(mine),
            "published_threshold": prof.thresholds.get(name),
            "profile": prof.name,
            "columns": cols,
        })
    notes = []
    for s in subset_rows:
        missing = [c for c, ok in s["columns"].items() if not ok]
        if missing:
            notes.append(f"{s['name']}: no {', '.join(missing)} column; figures that need "
                         f"{'it' if len(missing) == 1 else 'them'} are left out")
    quality: dict[str, dict[str, int]] = {}
    for k in ("punsafe", "pwatermark", "aesthetic"):
        quality[k] = {"null": sum(h["null"] for h in aggregates[k].values()),
                      "invalid": sum(h["invalid"] for h in aggregates[k].values())}
    quality["similarity"] = {"null": sum(h["null"] for h in sim.values()),
                             "invalid": sum(h["invalid"] for h in sim.values())}
    size = aggregates["image_size"]
    quality["size"] = {"null": sum(h.get("-1", 0) for h in size.values()),
                       "nan": sum(h.get("-2", 0) for h in size.values()),
                       "not_whole": sum(h.get("-3", 0) for h in size.values()),
                       "float_columns_files": sum(1 for s in shards if s.float_size)}
    rows = sum(s.rows for s in shards)
    profiles = sorted({s.profile.name for s in shards})
    return {
        "schema_version": aggregates["schema_version"],
        "created": datetime.now(UTC).isoformat(timespec="seconds"),
        "profile": profiles[0] if len(profiles) == 1 else profiles,
        "dataset": " + ".join(sorted({s.profile.label for s in shards})),
        **meta,
        "rows": rows,
        "counted_rows": aggregates["total_pairs"],
        "bytes": sum(s.bytes for s in shards),
        "subsets": subset_rows,
        "inputs": [{"path": str(s.path), "subset": s.subset, "rows": s.rows, "bytes": s.bytes} for s in shards],
        "quality": quality,
        "notes": notes,
        "sampling": {"hash_seed": seed, "one_in": sample_mod},
        "versions": {"explainer": __version__, "duckdb": duckdb.__version__, "pyarrow": pa.__version__,
                     "python": platform.python_version()},
        "duration_s": round(duration, 3),
    }


@contextmanager
def staging(out: Path) -> Iterator[Path]:
    """A sibling folder to write the new aggregates into, swapped in for `out` on success.

    `out` is never half-written: until the swap it holds the old aggregates, after it the new.
    """
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{out.name}.new-", dir=out.parent))
    umask = os.umask(0)
    os.umask(umask)
    tmp.chmod(0o777 & ~umask)  # mkdtemp makes it private; the published folder is an ordinary one
    try:
        yield tmp
        for f in tmp.iterdir():
            f.chmod(0o666 & ~umask)
        old = None
        if out.exists():
            old = out.parent / f".{out.name}.old-{os.getpid()}"
            os.replace(out, old)
        os.replace(tmp, out)
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise


def write_json(folder: Path, files: dict[str, Any]) -> None:
    for name, doc in files.items():
        with open(folder / name, "w", encoding="utf-8") as f:
            json.dump(doc, f, ensure_ascii=False, separators=(",", ":"))
            f.flush()
            os.fsync(f.fileno())
