"""The Dask executor gives the single-process build's aggregates, byte for byte, even when tasks fail."""

from __future__ import annotations

import functools
import json
import os
import random
import struct
import sys
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

pytest.importorskip("distributed")

import cloudpickle  # noqa: E402  (a dependency of distributed)
from dask.distributed import LocalCluster  # noqa: E402

from precompute.__main__ import main  # noqa: E402
from precompute.build.cluster import dask_partials, partial_task  # noqa: E402
from precompute.build.inputs import Shard  # noqa: E402
from precompute.build.run import build  # noqa: E402
from precompute.contract.models import AGGREGATES_FILE, INDEX_FILE, MANIFEST_FILE  # noqa: E402
from precompute.errors import InputError  # noqa: E402

# the fault-injecting tasks below live in this module, which spawned workers cannot import
cloudpickle.register_pickle_by_value(sys.modules[__name__])

CAPTIONS = {
    "en": ["Red cotton summer dress for women, size M", "Vintage oak dining table with four chairs"],
    "fr": ["Robe d'été en coton rouge pour femmes", "Table à manger en chêne avec quatre chaises"],
    "de": ["Rotes Sommerkleid aus Baumwolle für Damen", "Esstisch aus Eiche mit vier Stühlen"],
    "ru": ["Красное летнее платье из хлопка", "Обеденный стол из дуба с четырьмя стульями"],
    "lb": ["Red cotton summer dress for women", "Oak table and chairs free shipping"],
}
HOSTS = ["i.pinimg.com", "cdn.shopify.com", "image.slidesharecdn.com", "example.org", "www.Example.org", "img.site.de"]


def _write(path: Path, rows: int, rng: random.Random, multi: bool) -> None:
    langs = [rng.choice(["fr", "de", "ru", "lb"]) if multi else "en" for _ in range(rows)]
    cols: dict[str, pa.Array] = {
        "URL": pa.array([f"https://{rng.choice(HOSTS)}/{path.stem}/{i}.jpg" for i in range(rows)]),
        "TEXT": pa.array([f"{rng.choice(CAPTIONS[lang])} {i}" for i, lang in enumerate(langs)]),
        "WIDTH": pa.array([rng.choice([None, 200, 640, 1024]) for _ in range(rows)], pa.int32()),
        "HEIGHT": pa.array([rng.choice([None, 150, 480, 768]) for _ in range(rows)], pa.int32()),
        "similarity": pa.array([rng.uniform(0.2, 0.5) for _ in range(rows)], pa.float64()),
        "punsafe": pa.array([rng.choice([None, rng.random()]) for _ in range(rows)], pa.float32()),
        "pwatermark": pa.array([rng.random() for _ in range(rows)], pa.float32()),
    }
    if multi:
        cols["LANGUAGE"] = pa.array(langs)
    pq.write_table(pa.table(cols), path)


@pytest.fixture(scope="module")
def shards(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Tiny LAION-like shards (LAION's column names, subset from the folder name)."""
    root = tmp_path_factory.mktemp("cluster-shards")
    rng = random.Random(3)
    for subset, multi in (("laion2B-en", False), ("laion2B-multi", True)):
        (root / subset).mkdir()
        for i in range(4):
            _write(root / subset / f"part-{i:05d}.parquet", 3000, rng, multi)
    return root


@pytest.fixture(scope="module")
def local_build(shards: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("local") / "agg"
    build([str(shards / "*" / "*.parquet")], out, progress=False)
    return out


@pytest.fixture(scope="module")
def cluster():
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as c:
        yield c


def _same_as_local(local: Path, out: Path) -> None:
    assert (out / AGGREGATES_FILE).read_bytes() == (local / AGGREGATES_FILE).read_bytes()
    assert (out / INDEX_FILE).read_bytes() == (local / INDEX_FILE).read_bytes()
    a, b = (json.loads((d / MANIFEST_FILE).read_text()) for d in (local, out))
    for m in (a, b):
        del m["created"], m["duration_s"]
    assert a == b


def test_local_cluster_matches_single_process(shards: Path, local_build: Path, tmp_path: Path) -> None:
    out = tmp_path / "agg"
    build([str(shards / "*" / "*.parquet")], out, progress=False, partial_fn=dask_partials(workers=2))
    _same_as_local(local_build, out)


def _die_once(shard: Shard, seed: int, sample_mod: int, threads: int | None, host_file: str, memory: int,
              marker: str) -> pa.Table:
    # the first task to get here kills its own worker process mid-run, as a crash or OOM kill would
    try:
        fd = os.open(marker, os.O_CREAT | os.O_EXCL | os.O_WRONLY)
    except FileExistsError:
        return partial_task(shard, seed, sample_mod, threads, host_file, memory)
    os.close(fd)
    os._exit(1)


def _raise_once(shard: Shard, seed: int, sample_mod: int, threads: int | None, host_file: str, memory: int,
                marker: str) -> pa.Table:
    try:
        fd = os.open(marker, os.O_CREAT | os.O_EXCL | os.O_WRONLY)
    except FileExistsError:
        return partial_task(shard, seed, sample_mod, threads, host_file, memory)
    os.close(fd)
    raise OSError("simulated transient read error")


@pytest.mark.parametrize("fault", [_die_once, _raise_once], ids=["worker-killed", "task-raised"])
def test_failed_task_is_retried_with_same_result(shards: Path, local_build: Path, cluster, tmp_path: Path,
                                                 fault) -> None:
    marker = tmp_path / "failed-once"
    fn = dask_partials(scheduler=cluster.scheduler_address, task=functools.partial(fault, marker=str(marker)))
    out = tmp_path / "agg"
    build([str(shards / "*" / "*.parquet")], out, progress=False, partial_fn=fn)
    assert marker.exists()  # the fault did happen
    _same_as_local(local_build, out)


def test_bad_shard_in_a_task_exits_2_naming_the_file(shards: Path, cluster, tmp_path: Path,
                                                      capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "laion2B-en" / "part-00009.parquet"
    bad.parent.mkdir()
    bad.write_bytes((shards / "laion2B-en" / "part-00000.parquet").read_bytes())
    # garble the data pages but keep the footer: inspect() passes, the DuckDB scan in the task fails
    size = bad.stat().st_size
    with open(bad, "r+b") as f:
        f.seek(size - 8)
        footer = struct.unpack("<i", f.read(4))[0]
        f.seek(4)
        f.write(b"\xab" * (size - 12 - footer))
    code = main(["build", "--input", str(bad), "--out", str(tmp_path / "agg"),
                 "--scheduler", cluster.scheduler_address])
    assert code == 2
    assert str(bad) in capsys.readouterr().err
    assert not (tmp_path / "agg").exists()


def test_bad_scheduler_address_is_an_input_error() -> None:
    with pytest.raises(InputError, match="--scheduler"):
        dask_partials(scheduler="nonsense")


def test_workers_and_scheduler_together_is_an_input_error() -> None:
    with pytest.raises(InputError, match="not both"):
        dask_partials(workers=2, scheduler="tcp://127.0.0.1:8786")
