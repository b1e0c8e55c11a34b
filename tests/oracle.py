"""Counts taken from the parquet shards themselves with plain DuckDB queries: an oracle for the
threshold arithmetic that shares no code with the build or the app."""

from __future__ import annotations

from pathlib import Path

import duckdb


def shard_counts(shards: Path, t: float) -> dict[str, tuple[int, int]]:
    """(rows, rows with a similarity below t) per subset, the subset being the shard's folder."""
    con = duckdb.connect()
    out = {}
    for folder in sorted(p for p in shards.iterdir() if p.is_dir()):
        rows, below = con.execute(
            f"SELECT count(*), count(*) FILTER (WHERE similarity < ?) FROM read_parquet('{folder}/*.parquet')",
            [round(t, 3)]).fetchone()
        out[folder.name] = (rows, below)
    return out


def removed(shards: Path, t: float) -> dict[str, int]:
    """Pairs an absolute cut at t removes, per subset (shard folder), and in all under "removed"."""
    by_subset = {name: below for name, (_, below) in shard_counts(shards, t).items()}
    return {"removed": sum(by_subset.values()), **by_subset}


def shard_band_counts(shards: Path, cuts: dict[str, tuple[float, float]]) -> dict[str, tuple[int, int]]:
    """(rows, rows with lo <= similarity < hi) per subset folder, for cuts {subset: (lo, hi)}; a folder
    without a cut counts no rows in the band (the offset mode: pairs between the published threshold and
    the raised cut)."""
    con = duckdb.connect()
    out = {}
    for folder in sorted(p for p in shards.iterdir() if p.is_dir()):
        lo, hi = cuts.get(folder.name, (1.0, 1.0))
        rows, band = con.execute(
            f"SELECT count(*), count(*) FILTER (WHERE similarity >= ? AND similarity < ?) "
            f"FROM read_parquet('{folder}/*.parquet')", [round(lo, 3), round(hi, 3)]).fetchone()
        out[folder.name] = (rows, band)
    return out


def removed_by_offset(shards: Path, published: dict[str, float], d: float) -> dict[str, int]:
    """Pairs the offset d removes: per subset those between its published threshold and that plus d."""
    cuts = {name: (p, round(p + d, 3)) for name, p in published.items()}
    by_subset = {name: band for name, (_, band) in shard_band_counts(shards, cuts).items()}
    return {"removed": sum(by_subset.values()), **by_subset}
