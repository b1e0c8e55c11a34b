"""Per-shard partials as Dask tasks: `build --workers N` (local cluster) or `--scheduler tcp://HOST:PORT`.

Each task is the same one-query pass over one shard that the single-process build runs, on its
worker's own DuckDB connection; the partials come back in shard order and build() merges them exactly as
it does locally, so aggregates.json is byte-for-byte the same. Dask is imported only here (and
only when a cluster is asked for): the single-process path never needs it.

Failures: an exception in a task is retried (`retries`, e.g. a transient read error on object
storage); a worker that dies mid-task is handled by the scheduler, which reruns its tasks on
another worker (up to `distributed.scheduler.allowed-failures` deaths per task). A bad file that
still fails after the retries reaches the CLI as the usual InputError naming the file; a task
whose workers keep dying raises Dask's KilledWorker, whose task key names the file.
"""

from __future__ import annotations

import logging
import os
import threading
import uuid
from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa

from precompute.build.inputs import Shard
from precompute.build.run import DEFAULT_MEMORY_LIMIT, connect, parse_size, run_partial
from precompute.errors import InputError

RETRIES = 2  # reruns of a task that raised; enough for a flaky read, cheap for a corrupt file

PartialFn = Callable[[list[Shard], int, int, list[str]], Iterator[pa.Table]]
Task = Callable[[Shard, int, int, int | None, str, int], pa.Table]


class ShardFailed(Exception):
    """InputError's stand-in across processes: InputError(path, problem) does not survive pickling."""

    def __init__(self, path: str, problem: str) -> None:
        super().__init__(path, problem)
        self.path, self.problem = path, problem

    def __reduce__(self) -> tuple[type, tuple[str, str]]:
        return ShardFailed, (self.path, self.problem)


_local = threading.local()


def _connection(threads: int | None, memory: int) -> duckdb.DuckDBPyConnection:
    """This worker thread's own DuckDB connection, made by its first task and reused by the next.

    Measured on the 20M-row replica: a fresh connection per task cost about 15% more CPU.
    """
    if getattr(_local, "con", None) is None or (_local.threads, _local.memory) != (threads, memory):
        # several workers on one machine would otherwise each start a thread per core
        _local.con, _local.threads, _local.memory = connect(memory, threads=threads), threads, memory
    return _local.con


def partial_task(shard: Shard, seed: int, sample_mod: int, threads: int | None, host_file: str,
                 memory: int) -> pa.Table:
    """One Dask task: one query over one shard on this worker's DuckDB connection.

    The shard's host partial, the one part that grows with the data, goes to `host_file` on
    storage the build shares with its workers; only the small counts travel back through Dask.
    """
    con = _connection(threads, memory)
    try:
        return run_partial(shard, seed, sample_mod, con, host_file)
    except InputError as e:
        raise ShardFailed(e.path, e.problem) from None
    except BaseException:
        # an unexpected failure may leave the connection unusable: the retry starts afresh
        _local.con = None
        con.close()
        raise


def dask_partials(workers: int | None = None, scheduler: str | None = None, *, retries: int = RETRIES,
                  duckdb_threads: int | None = None, task: Task = partial_task,
                  memory_limit: str = DEFAULT_MEMORY_LIMIT) -> PartialFn:
    """A `partial_fn` for build(): one Dask task per shard, partials yielded in shard order.

    `workers` starts a LocalCluster of that many single-threaded worker processes for the run;
    `scheduler` (tcp://HOST:PORT) uses an existing cluster instead and leaves it running.
    `duckdb_threads` caps DuckDB's threads per task; by default a local cluster shares this
    machine's cores among its workers and a remote worker uses all of its machine's cores.
    `task` is the function run per shard (tests swap in one that kills its worker).
    """
    if not workers and not scheduler:
        raise ValueError("dask_partials needs workers or scheduler")
    if workers and scheduler:
        raise InputError("--workers", "give --workers (a local cluster) or --scheduler (an existing one), not both")
    if workers is not None and workers < 1:
        raise InputError("--workers", "must be at least 1")
    if scheduler:
        from distributed.comm.addressing import get_address_host_port

        try:  # checked now: a bad address found later leaves a half-made Client behind
            get_address_host_port(scheduler)
        except ValueError as e:
            raise InputError("--scheduler", f"not a scheduler address (tcp://HOST:PORT): {e}") from None
    if duckdb_threads is None and workers:
        duckdb_threads = max(1, (os.cpu_count() or 1) // workers)
    # the budget is per machine: local workers share it, a remote worker has its machine's own
    memory = parse_size(memory_limit) // (workers or 1)

    def run(shards: list[Shard], seed: int, sample_mod: int, host_files: list[str]) -> Iterator[pa.Table]:
        from dask.distributed import Client, LocalCluster

        cluster = None
        if scheduler:
            try:
                client = Client(scheduler, set_as_default=False)
            except OSError as e:  # unreachable or timed out
                raise InputError("--scheduler", f"cannot connect to {scheduler}: {e}") from None
        else:
            cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                                   dashboard_address=None, silence_logs=logging.ERROR)
            client = Client(cluster, set_as_default=False)
        futures: list[Any] = []  # dask's Future, imported only here
        try:
            run_id = uuid.uuid4().hex[:8]
            # absolute paths: a worker's working directory is not the caller's
            futures = [client.submit(task, replace(s, path=s.path.resolve()), seed, sample_mod, duckdb_threads,
                                     str(Path(f).resolve()), memory,
                                     key=f"partial-{run_id}-{i:05d}-{s.path.name}", retries=retries, pure=False)
                       for i, (s, f) in enumerate(zip(shards, host_files, strict=True))]
            for shard, fut in zip(shards, futures, strict=True):
                try:
                    part = fut.result()
                except ShardFailed as e:
                    # name the file as the user gave it, not the resolved path
                    raise InputError(shard.path, e.problem) from None
                fut.release()  # frees the worker's copy: memory stays at the unmerged partials
                yield part
        finally:
            client.cancel(futures)  # after an error, stop the shards still queued (a no-op when all are done)
            client.close()
            if cluster is not None:
                cluster.close()

    return run
