"""The manifest: what a build read, how, and what the aggregates beside it hold (the Method step shows it)."""

from __future__ import annotations

import platform
from datetime import UTC, datetime
from typing import Any

import duckdb
import pyarrow as pa

from precompute import __version__
from precompute.build.inputs import Shard
from precompute.errors import InputError


def input_meta(shards: list[Shard]) -> dict[str, Any]:
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




def make_manifest(shards: list[Shard], subsets: list[str], meta: dict[str, Any], aggregates: dict[str, Any],
                  size: dict[str, dict[int, int]],
                  seed: int, sample_mod: int, duration: float) -> dict[str, Any]:
    """What was read, how, and what it holds: the provenance shown on the Method step."""
    sim = aggregates["similarity"]["subsets"]
    subset_rows = []
    for name in subsets:
        mine = [s for s in shards if s.subset == name]
        prof = mine[0].profile
        cols = {c: any(s.columns[c] for s in mine) for c in mine[0].columns}
        # a language implied by the subset (laion2B-en is English by construction) is not missing
        cols["language"] = cols["language"] or bool(mine[0].language not in (None, "und"))
        subset_rows.append({
            "name": name,
            "rows": sum(s.rows for s in mine),
            "files": len(mine),
            "published_threshold": mine[0].threshold,
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
    quality["size"] = {"null": sum(h.get(-1, 0) for h in size.values()),
                       "nan": sum(h.get(-2, 0) for h in size.values()),
                       "not_whole": sum(h.get(-3, 0) for h in size.values()),
                       "float_columns_files": sum(1 for s in shards if s.float_size)}
    rows = sum(s.rows for s in shards)
    profiles = sorted({s.profile.name for s in shards})
    return {
        "schema_version": aggregates["schema_version"],
        "created": datetime.now(UTC).isoformat(timespec="seconds"),
        "profile": profiles[0] if len(profiles) == 1 else profiles,
        "dataset": " + ".join(sorted({s.dataset or s.profile.label for s in shards})),
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
