"""The aggregates, loaded once at start-up and checked against the contract: the server never reads the shards.

A folder that does not match the contract (precompute.contract.models) stops the server at start-up
with one line naming the file and the field (`python -m app` exits with code 2), instead of a server
that answers /healthz and fails on every page.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from app.core.domains import DomainIndex, IndexFileError
from app.core.text import neutralise_doc
from app.core.threshold import Cut, near_threshold, threshold_payload, threshold_stats
from precompute.contract.models import (
    AGGREGATES_FILE,
    INDEX_FILE,
    MANIFEST_FILE,
    SCHEMA_VERSION,
    Aggregates,
    Manifest,
    SubsetInfo,
)


class DataError(Exception):
    """The aggregates folder is missing, incomplete, from another schema version or off the contract."""


@dataclass
class Dataset:
    path: Path
    manifest: Manifest
    aggregates: Aggregates
    etag: str
    domains: DomainIndex  # every registered domain of the data (domains.parquet)

    @cached_property
    def payload(self) -> dict[str, Any]:
        """Cumulative histograms for the threshold arithmetic (shipped to the browser as is)."""
        return threshold_payload(self.aggregates, self.manifest)

    @property
    def synthetic(self) -> bool:
        return self.manifest.synthetic

    @property
    def scale(self) -> int:
        return self.manifest.scale

    @property
    def subsets(self) -> list[SubsetInfo]:
        return self.manifest.subsets

    def has(self, column: str) -> bool:
        """Whether any subset carries a canonical column (missing ones disable their figures)."""
        return any(getattr(s.columns, column) for s in self.subsets)

    def threshold(self, t: float | Cut | None = None, d: float | None = None) -> dict[str, Any]:
        """The arithmetic at absolute threshold t, or (d given, or a Cut in the offset mode) at every
        published threshold + d."""
        if isinstance(t, Cut):
            t, d = t.t, t.d
        return threshold_stats(self.payload, t, d)

    @cached_property
    def near_threshold(self) -> dict[str, Any]:
        return near_threshold(self.payload)


def _read(f: Path, model: type[BaseModel]) -> tuple[Any, bytes]:
    try:
        raw = f.read_bytes()
        doc = json.loads(raw)
    except FileNotFoundError:
        raise DataError(f"{f}: missing (build it with `python -m precompute build`)") from None
    except (OSError, ValueError) as e:
        raise DataError(f"{f}: unreadable ({e})") from None
    version = doc.get("schema_version") if isinstance(doc, dict) else None
    if version != SCHEMA_VERSION:
        raise DataError(f"{f}: schema_version {version!r}, this app reads {SCHEMA_VERSION} (rebuild the aggregates)")
    try:
        # captions, language codes and host names are web text: no control or bidi characters past here
        return model.model_validate(neutralise_doc(doc)), raw
    except ValidationError as e:
        err = e.errors()[0]
        where = ".".join(str(x) for x in err["loc"]) or "(top level)"
        raise DataError(f"{f}: field {where}: {err['msg']}") from None


def load(path: Path | str) -> Dataset:
    """Read and check manifest.json, aggregates.json and the domain index in `path`."""
    # DIR is a link to the build's versioned folder: hold on to the folder it names now, so a
    # later build switching the link cannot change the files under a running server
    path = Path(path).resolve()
    manifest, raw_m = _read(path / MANIFEST_FILE, Manifest)
    aggregates, raw_a = _read(path / AGGREGATES_FILE, Aggregates)
    etag = hashlib.sha256(raw_m + raw_a).hexdigest()[:20]
    return Dataset(path, manifest, aggregates, etag, _domain_index(path, manifest))


def _domain_index(path: Path, manifest: Manifest) -> DomainIndex:
    """Open the domain index the manifest lists, checking its size and row count against it."""
    f = path / INDEX_FILE
    entry = manifest.files.get(INDEX_FILE)
    if entry is None:
        raise DataError(f"{path / MANIFEST_FILE}: field files.{INDEX_FILE} missing (rebuild the aggregates)")
    try:
        size = f.stat().st_size
        if size != entry.bytes:
            raise DataError(f"{f}: {size} bytes, the manifest says {entry.bytes} (rebuild the aggregates)")
        index = DomainIndex(f, [s.name for s in manifest.subsets])
    except FileNotFoundError:
        raise DataError(f"{f}: missing (the manifest lists it; rebuild the aggregates)") from None
    except (OSError, IndexFileError, ValueError) as e:  # pyarrow raises ArrowInvalid (a ValueError)
        raise DataError(f"{f}: unreadable ({str(e).splitlines()[0]})") from None
    if index.rows != entry.rows:
        raise DataError(f"{f}: {index.rows} rows, the manifest says {entry.rows} (rebuild the aggregates)")
    return index
