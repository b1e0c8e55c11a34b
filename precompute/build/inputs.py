"""Inputs of a build: globs (local or remote) expanded to files, each file's schema checked and its profile found.

Every problem is an InputError naming the file (as the user wrote it) and the column: the CLI prints
it as one line and exits with code 2, before any work starts.
"""

from __future__ import annotations

import glob
import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from precompute.build import sources
from precompute.build.sources import InputPath, RemotePath
from precompute.errors import InputError
from precompute.scan.profiles import NUMERIC, PROFILES, REQUIRED, Profile, detect, find_release
from precompute.scan.shard import ShardSpec


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
    dataset: str = ""  # the release the folder names (LAION-400M, Re-LAION-5B ...), else the profile's label
    threshold: float | None = None  # the release's published CLIP cut
    language: str | None = None  # the language every row has by construction (None: not known)
    tag: str | None = None  # a safety tag column (LAION-400M's NSFW) that keeps unsafe rows out of samples

    def spec(self, seed: int, sample_mod: int) -> ShardSpec:
        return ShardSpec(str(self.path), self.subset, self.columns, self.language, seed, sample_mod, self.tag)


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
    # the folder names the release (its dataset, cut and language) and its subset; NAME of --input
    # NAME=GLOB names the subset, and the release too when the folder does not (Re-LAION-5B's
    # repositories name theirs: `laion2B-en=hf://datasets/laion/relaion2B-en-research-safe/*.parquet`)
    by_folder = find_release(sources.folder_name(path))
    by_name = find_release(subset) if subset is not None else None
    # the folder's release wins unless NAME names another subset's release (laion2B-multi=laion2B-en/...)
    found = by_folder if by_folder and (by_name is None or by_name[1] == by_folder[1]) else by_name
    if found is not None:
        release, subset = found[0], subset or found[1]
        dataset, threshold, language = release.dataset, release.threshold, release.language
    else:
        subset = subset or profile.default_subset
        dataset, threshold = profile.label, profile.thresholds.get(subset)
        language = profile.subset_language.get(subset, profile.default_language)
    meta = {k.decode(): v.decode() for k, v in (schema.metadata or {}).items() if k.startswith(b"explainer.")}
    float_size = any(columns[c] and pa.types.is_floating(types[columns[c]]) for c in ("width", "height"))
    return Shard(path, subset, profile, columns, rows, size, meta, float_size, dataset, threshold, language,
                 profile.tag(names))


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
