"""The merge property: shards aggregated apart and merged in any grouping equal one pass over all rows."""

from __future__ import annotations

import tempfile
from pathlib import Path
from unittest.mock import patch

import duckdb
import pyarrow as pa
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import precompute.scan.merge as merge_module
from precompute.scan.merge import merge
from precompute.scan.profiles import PROFILES
from precompute.scan.shard import ShardSpec, shard_partial
from tests.fixtures import HOSTILE_CAPTIONS, HOSTS, write

CAPTIONS = ["red dress", "Chapter 1", "IMG_0001.JPG", "Schéinen Dag", *HOSTILE_CAPTIONS]
NAN = st.just(float("nan"))
scores = st.one_of(st.none(), NAN, st.floats(min_value=-0.125, max_value=1.25, width=32))
row = st.fixed_dictionaries({
    "URL": st.builds(lambda h, i: f"https://{h}/{i}.jpg", st.sampled_from(HOSTS), st.integers(0, 10**6)),
    "TEXT": st.one_of(st.none(), st.sampled_from(CAPTIONS)),
    "similarity": st.one_of(st.none(), NAN, st.floats(min_value=0.0, max_value=0.6)),
    "punsafe": scores,
    "pwatermark": scores,
    "LANGUAGE": st.one_of(st.none(), st.sampled_from(["fr", "de", "lb", ""])),
    "WIDTH": st.one_of(st.none(), NAN, st.floats(min_value=0, max_value=4000)),
    "HEIGHT": st.one_of(st.none(), NAN, st.floats(min_value=0, max_value=4000)),
})
TYPES = {"URL": pa.string(), "TEXT": pa.string(), "similarity": pa.float64(), "punsafe": pa.float32(),
         "pwatermark": pa.float32(), "LANGUAGE": pa.string(), "WIDTH": pa.float64(), "HEIGHT": pa.float64()}


def _table(rows: list[dict]) -> pa.Table:
    return pa.table({k: pa.array([r[k] for r in rows], t) for k, t in TYPES.items()})


def _partial(con: duckdb.DuckDBPyConnection, rows: list[dict], path: Path) -> pa.Table:
    write(_table(rows), path)
    cols = PROFILES["laion5b"].resolve(list(TYPES))
    spec = ShardSpec(str(path), "laion2B-multi", cols, None, seed=3, sample_mod=2)
    return shard_partial(con, spec, str(path.with_suffix(".hosts.parquet")))


def _canon(t: pa.Table) -> list[tuple]:
    # None sorts first: rows differ in which keys are null
    return sorted(tuple((v is not None, v) for v in r.values()) for r in t.to_pylist())


def _host_counts(con: duckdb.DuckDBPyConnection, files: list[Path]) -> list[tuple]:
    """The host partials added up: what the domain index is built from."""
    return con.execute("SELECT subset, host, sum(n) FROM read_parquet(?) GROUP BY ALL ORDER BY ALL",
                       [[str(f) for f in files]]).fetchall()


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(rows=st.lists(row, min_size=1, max_size=120), cuts=st.lists(st.integers(0, 120), max_size=4),
       order=st.randoms(use_true_random=False))
def test_merge_of_shards_equals_one_pass(rows: list[dict], cuts: list[int], order) -> None:
    # a tiny k so the bottom-k trimming of sample candidates is exercised on small inputs
    with patch.object(merge_module, "SAMPLE_K", 3):
        _check(rows, cuts, order)


def _check(rows: list[dict], cuts: list[int], order) -> None:
    con = duckdb.connect()
    bounds = sorted({0, len(rows), *(min(c, len(rows)) for c in cuts)})
    with tempfile.TemporaryDirectory() as d:
        whole = merge([_partial(con, rows, Path(d) / "all.parquet")], con)
        parts = [_partial(con, rows[a:b], Path(d) / f"p{i}.parquet")
                 for i, (a, b) in enumerate(zip(bounds, bounds[1:], strict=False)) if b > a]
        split_hosts = sorted(Path(d).glob("p*.hosts.parquet"))
        assert _host_counts(con, split_hosts) == _host_counts(con, [Path(d) / "all.hosts.parquet"])
        assert sum(n for *_, n in _host_counts(con, split_hosts)) == len(rows)
    order.shuffle(parts)
    assert _canon(merge(parts, con)) == _canon(whole)
    # any grouping: merge left to right, one partial at a time, as build() does
    running = None
    for p in parts:
        running = merge([running, p] if running is not None else [p], con)
    assert _canon(running) == _canon(whole)
    counts = whole.filter(pa.compute.equal(whole.column("set"), "sim_lang"))
    assert sum(counts.column("n").to_pylist()) == len(rows)
