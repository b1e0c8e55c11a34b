"""What runs inside a render process (app/web/renders.py): build the chart's spec, draw it, write it.

A process of its own because vl-convert holds the GIL for the whole render (measured: a thread
looping on PNG renders let the main thread run 8 times in 5 s), and Altair's spec building is
pure Python too. The process gets the server's own manifest and aggregates when it starts (not the
folder's files, which a later build may have replaced); every job names the etag it expects.
"""

from __future__ import annotations

import contextlib
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from app.core.dataset import Dataset
from app.core.threshold import Cut
from app.web.render_cache import write_atomic
from app.web.views.downloads import draw, drawn_height
from precompute.contract.models import Aggregates, Manifest

NICE = 10  # renders yield the CPU to the server process: readers first, images when there is time


@dataclass(frozen=True, slots=True)
class Job:
    """One render: an image (`fmt` svg/png) or an embed's chart height (`fmt` "height", at `width`)."""

    etag: str  # the aggregates the server has loaded
    chart: str
    t: Cut
    theme: str
    fmt: Literal["svg", "png", "height"]
    width: int | None
    name: str  # the cache file's name
    folder: str | None  # the disk cache, None when it is off


_datasets: dict[str, Dataset] = {}  # by etag: the one this process was started with


def start(path: Path, manifest: Manifest, aggregates: Aggregates, etag: str) -> None:
    """The process's initializer: the server's data, and a lower CPU priority than the server."""
    keep(path, manifest, aggregates, etag)
    with contextlib.suppress(OSError):
        os.nice(NICE)


def keep(path: Path, manifest: Manifest, aggregates: Aggregates, etag: str) -> None:
    """Hold the data jobs naming `etag` are drawn from (tests running jobs in a thread call this)."""
    # the charts read the manifest and the aggregates only, never the domain index
    _datasets[etag] = Dataset(path, manifest, aggregates, etag, None)  # type: ignore[arg-type]


def warm(etag: str) -> None:
    """Build every image's spec at the default threshold and start vl-convert's engine once."""
    from app import charts
    from app.core.figures import default_t
    from app.web.views.downloads import RENDER_WIDTH

    ds = dataset(etag)
    for chart in charts.available(ds):
        for theme in ("light", "dark"):
            charts.chart_spec(ds, chart.id, default_t(ds), theme, width=RENDER_WIDTH, standalone=True)
    draw(ds, charts.available(ds)[-1].id, default_t(ds), "light", "svg")


def dataset(etag: str) -> Dataset:
    ds = _datasets.get(etag)
    if ds is None:
        raise LookupError(f"this render process holds aggregates {', '.join(_datasets)}, not {etag}")
    return ds


def run(job: Job) -> tuple[bytes, bool]:
    """Draw the job; write it into the disk cache (when on); its bytes and whether they were written."""
    ds = dataset(job.etag)
    if job.fmt == "height":
        assert job.width is not None
        data = str(drawn_height(ds, job.chart, job.t, job.width)).encode()
    else:
        data = draw(ds, job.chart, job.t, job.theme, job.fmt, *([job.width] if job.width else []))
    if job.folder is None:
        return data, False
    try:
        write_atomic(Path(job.folder), job.name, data)
    except OSError:
        return data, False  # a full or read-only disk: still answer, and render it again next time
    return data, True
