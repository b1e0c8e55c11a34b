"""The aggregates, loaded once at start-up: the server never reads the shards."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

from .domains import DomainIndex, IndexFileError
from .threshold import near_threshold, threshold_payload, threshold_stats

SUPPORTED_SCHEMA = 2
INDEX_FILE = "domains.parquet"


class DataError(Exception):
    """The aggregates folder is missing, incomplete or from another schema version."""


@dataclass
class Dataset:
    path: Path
    manifest: dict[str, Any]
    agg: dict[str, Any]
    etag: str
    domains: DomainIndex  # every registered domain of the data (domains.parquet)

    @cached_property
    def payload(self) -> dict[str, Any]:
        """Cumulative histograms for the threshold arithmetic (shipped to the browser as is)."""
        return threshold_payload(self.agg, self.manifest)

    @property
    def synthetic(self) -> bool:
        return bool(self.manifest.get("synthetic"))

    @property
    def scale(self) -> int:
        return int(self.manifest.get("scale") or 1)

    @property
    def subsets(self) -> list[dict[str, Any]]:
        return self.manifest["subsets"]

    def has(self, column: str) -> bool:
        """Whether any subset carries a canonical column (missing ones disable their figures)."""
        return any(s["columns"].get(column) for s in self.subsets)

    def threshold(self, t: float) -> dict[str, Any]:
        return threshold_stats(self.payload, t)

    @cached_property
    def near_threshold(self) -> dict[str, Any]:
        return near_threshold(self.payload)


def load(path: Path | str) -> Dataset:
    """Read manifest.json and aggregates.json from `path`; DataError names the file that is wrong."""
    path = Path(path)
    docs: dict[str, Any] = {}
    digest = hashlib.sha256()
    for name in ("manifest.json", "aggregates.json"):
        f = path / name
        try:
            raw = f.read_bytes()
            docs[name] = json.loads(raw)
        except FileNotFoundError:
            raise DataError(f"{f}: missing (build it with `python -m precompute build`)") from None
        except (OSError, ValueError) as e:
            raise DataError(f"{f}: unreadable ({e})") from None
        digest.update(raw)
    for name, doc in docs.items():
        if doc.get("schema_version") != SUPPORTED_SCHEMA:
            raise DataError(f"{path / name}: schema_version {doc.get('schema_version')!r}, "
                            f"this app reads {SUPPORTED_SCHEMA}")
    manifest = docs["manifest.json"]
    return Dataset(path, manifest, docs["aggregates.json"], digest.hexdigest()[:20], _domain_index(path, manifest))


def _domain_index(path: Path, manifest: dict[str, Any]) -> DomainIndex:
    """Open the domain index the manifest lists, checking its size and row count against it."""
    f = path / INDEX_FILE
    entry = (manifest.get("files") or {}).get(INDEX_FILE)
    if entry is None:
        raise DataError(f"{path / 'manifest.json'}: files.{INDEX_FILE} missing (rebuild the aggregates)")
    try:
        size = f.stat().st_size
        if size != entry.get("bytes"):
            raise DataError(f"{f}: {size} bytes, the manifest says {entry.get('bytes')} (rebuild the aggregates)")
        index = DomainIndex(f, [s["name"] for s in manifest.get("subsets", [])])
    except FileNotFoundError:
        raise DataError(f"{f}: missing (the manifest lists it; rebuild the aggregates)") from None
    except (OSError, IndexFileError, ValueError) as e:  # pyarrow raises ArrowInvalid (a ValueError)
        raise DataError(f"{f}: unreadable ({str(e).splitlines()[0]})") from None
    if index.rows != entry.get("rows"):
        raise DataError(f"{f}: {index.rows} rows, the manifest says {entry.get('rows')} (rebuild the aggregates)")
    return index
