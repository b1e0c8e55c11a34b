"""`precompute build`: shards -> per-shard partials -> merge -> aggregates + manifest, published atomically."""

from __future__ import annotations

import shutil
import sys
import time
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa

from precompute.build import sources
from precompute.build.inputs import Shard, expand_inputs, inspect, invalid_utf8_column
from precompute.build.manifest import input_meta, make_manifest
from precompute.build.progress import Progress
from precompute.build.publish import check_out, claim, staging, work_dir, write_json
from precompute.contract.models import AGGREGATES_FILE, INDEX_FILE, MANIFEST_FILE, Aggregates, Manifest
from precompute.domains.index import build_index
from precompute.errors import InputError
from precompute.scan.aggregates import TOP_DOMAINS, build_aggregates, size_counts
from precompute.scan.langcheck import check_languages
from precompute.scan.merge import merge
from precompute.scan.profiles import PROFILES
from precompute.scan.shard import SAMPLE_MOD, shard_partial

MERGE_BATCH_ROWS = 400_000  # partial rows held before they are merged (memory vs merge work)
DEFAULT_MEMORY_LIMIT = "2GB"
# DuckDB's own limit is this share of the build's budget: the rest is Python, Arrow buffers of the
# small partials, the language detectors and DuckDB's allocations outside its buffer manager
DUCKDB_SHARE = 0.6
_UNITS = {"": 1, "B": 1, "KB": 10**3, "MB": 10**6, "GB": 10**9, "TB": 10**12,
          "KIB": 2**10, "MIB": 2**20, "GIB": 2**30, "TIB": 2**40}


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
    found = expand_inputs(inputs)
    out = Path(out)
    check_out(out, [path for _, path in found], inputs)
    shards = [inspect(path, subset, profile) for subset, path in found]
    meta = input_meta(shards)  # mixed replica and real inputs fail here, before any work
    try:
        with claim(out):
            work = work_dir(Path(temp_dir) if temp_dir else out.parent, out.name)
            try:
                con = connect(budget, work / "spill" if spill else None, database=work / "build.duckdb")
                host_files = [str(work / f"hosts-{i:06d}.parquet") for i in range(len(shards))]
                merged = _scan(shards, seed, sample_mod, con, host_files, progress, partial_fn)
                with staging(out) as stage:
                    manifest = _finish(shards, meta, merged, con, host_files, stage, budget, seed, sample_mod, t0)
            finally:
                shutil.rmtree(work, ignore_errors=True)
    except duckdb.OutOfMemoryException as e:
        raise InputError("--memory-limit", f"DuckDB ran out of memory ({str(e).splitlines()[0]}); "
                                           "give a larger --memory-limit or a --temp-dir with more space") from None
    except duckdb.IOException as e:
        raise InputError("--temp-dir", f"DuckDB could not write its work files: {str(e).splitlines()[0]}") from None
    except OSError as e:  # disk full, a read-only folder: one line naming where
        raise InputError(e.filename or out, f"cannot write: {e.strerror or e}") from None
    return manifest


def _scan(shards: list[Shard], seed: int, sample_mod: int, con: duckdb.DuckDBPyConnection, host_files: list[str],
          progress: bool | None, partial_fn: PartialFn | None) -> pa.Table:
    """One pass per shard (host partials to `host_files`), the small partials merged as they come."""
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
    if bar.enabled:
        print("folding hosts into registered domains...", file=sys.stderr, flush=True)
    return merge(pending, merge_con)


def _finish(shards: list[Shard], meta: dict[str, Any], merged: pa.Table, con: duckdb.DuckDBPyConnection,
            host_files: list[str], stage: Path, budget: int, seed: int, sample_mod: int, t0: float) -> dict[str, Any]:
    """The domain index, the aggregates and the manifest, written into the staging folder."""
    subsets = list(dict.fromkeys(s.subset for s in shards))
    # the language check (CLD3 and lingua on a few thousand captions) runs beside the
    # domain fold (DuckDB): both release the GIL, and each leaves a core to the other
    with ThreadPoolExecutor(max_workers=1) as pool:
        checked = pool.submit(check_languages, merged)
        index = build_index(con, host_files, subsets, stage / INDEX_FILE, TOP_DOMAINS)
        language_check = checked.result()
    con.close()
    aggregates = build_aggregates(merged, subsets, index, language_check)
    manifest = make_manifest(shards, subsets, meta, aggregates, size_counts(merged, subsets), seed,
                             sample_mod, time.perf_counter() - t0)
    manifest["files"] = {INDEX_FILE: index.manifest_entry()}
    manifest["domains"] = {"distinct_domains": index.rows, "distinct_hosts": index.distinct_hosts}
    manifest["memory_limit"] = budget
    # written through the contract's models: a field the app does not know fails here, not there
    write_json(stage, {AGGREGATES_FILE: Aggregates.model_validate(aggregates).model_dump(mode="json"),
                       MANIFEST_FILE: Manifest.model_validate(manifest).model_dump(mode="json")})
    return manifest
