"""The render pool: chart images (PNG, SVG) and oEmbed chart heights, drawn away from the routes.

vl-convert and Altair hold the GIL for 150-700 ms a chart, so renders run in processes of their own
(app/web/render_worker.py), at a lower CPU priority; the routes only wait on them asynchronously, so
pages, the API and /healthz never queue behind a render. At most `render_queue` renders are admitted
at once (running or waiting); past that a request gets RenderBusy, which the routes answer 503 with
Retry-After. Two requests for the same image share one render. Each image is kept in memory (the
bodies cache) and on disk (app/web/render_cache.py) under the hash of what made it: the aggregates'
etag, the code that draws it (the charts package and vl-convert's version), chart, t, theme and size.
"""

from __future__ import annotations

import asyncio
import hashlib
import math
import multiprocessing
import threading
import time
from collections.abc import Callable
from concurrent.futures import Executor, Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import replace
from functools import cache
from pathlib import Path

import vl_convert

from app.core.dataset import Dataset
from app.core.threshold import Cut
from app.settings import MB, Settings
from app.web import render_worker
from app.web.cache import Cache
from app.web.http import Body
from app.web.render_cache import DiskCache
from app.web.render_worker import Job
from app.web.vendor import VL_VERSION
from app.web.views.downloads import MEDIA, PNG_SCALE, RENDER_WIDTH, image_width, server_theme

# a fresh process now and then keeps a slow leak in the renderer from growing without bound
TASKS_PER_PROCESS = 1000
FIRST_GUESS = 0.5  # s a render takes, until one is measured
MAX_RETRY = 60  # s: the longest Retry-After sent


class RenderBusy(Exception):
    """The render queue is full: try again in `retry_after` seconds."""

    def __init__(self, retry_after: int) -> None:
        super().__init__(f"the render queue is full; retry in {retry_after} s")
        self.retry_after = retry_after


@cache
def code_version() -> str:
    """A hash of what draws an image, so a new deployment over the same aggregates redraws them."""
    import app.charts

    h = hashlib.sha256(f"{VL_VERSION} {vl_convert.__version__} {RENDER_WIDTH} {PNG_SCALE}".encode())
    sources = sorted(Path(app.charts.__file__).parent.rglob("*.py"))
    for f in [*sources, Path(__file__).parent / "views" / "downloads.py"]:
        h.update(f.read_bytes())
    return h.hexdigest()[:16]


def processes(ds: Dataset, workers: int) -> Executor:
    """Render processes holding `ds` (its models, as the server has them)."""
    # spawn, not fork: the server has threads (lingua, uvicorn), and a forked copy of their locks can hang
    return ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("spawn"),
                               initializer=render_worker.start,
                               initargs=(ds.path, ds.manifest, ds.aggregates, ds.etag),
                               max_tasks_per_child=TASKS_PER_PROCESS)


class RenderPool:
    def __init__(self, ds: Dataset, settings: Settings, memory: Cache) -> None:
        self.ds = ds
        self.workers = settings.render_workers
        self.limit = settings.render_queue
        self.wait = settings.render_wait
        self.memory = memory
        self.disk = DiskCache(settings.render_cache_dir, settings.render_cache_mb * MB)
        # what runs a job, and where: tests swap these for a latch in a thread
        self.job: Callable[[Job], tuple[bytes, bool]] = render_worker.run
        self.executor_factory: Callable[[], Executor] = lambda: processes(ds, self.workers)
        self.rendered = 0  # renders finished, for tests and the benchmark's curiosity
        self._executor: Executor | None = None
        self._inflight: dict[str, Future[tuple[bytes, bool]]] = {}
        self._lock = threading.Lock()
        self._service = FIRST_GUESS  # moving average of the time between finished renders
        self._last_done = 0.0

    def name(self, chart: str, t: Cut, theme: str, fmt: str, width: int | None) -> str:
        key = repr((self.ds.etag, code_version(), chart, t.param, f"{t.value:.3f}", theme, fmt, width))
        return hashlib.sha256(key.encode()).hexdigest()[:40] + "." + ("txt" if fmt == "height" else fmt)

    def job_for(self, chart: str, t: Cut, theme: str, fmt: str, width: int | None = None) -> Job:
        folder = str(self.disk.folder) if self.disk.folder is not None else None
        return Job(self.ds.etag, chart, t, theme, fmt,  # type: ignore[arg-type]
                   width, self.name(chart, t, theme, fmt, width), folder)

    async def image(self, chart: str, t: Cut, theme: str, fmt: str, narrow: bool = False) -> Body:
        """The chart drawn at t as svg or png (RenderBusy when it must be drawn and the queue is full);
        `narrow`: in its phone layout (the job's width; None is the download's usual width)."""
        job = self.job_for(chart, t, server_theme(theme), fmt, image_width(fmt, True) if narrow else None)
        body = self.memory.get(("image", job.name))
        if body is None:
            body = Body.of(await self.bytes(job), MEDIA[fmt])
            self.memory.put(("image", job.name), body)
        return body

    async def height(self, chart: str, t: Cut, width: int) -> int:
        """The chart's drawn height at `width` px, rendered once per chart and width."""
        # keyed without t, as the first guess it is: the height barely moves with the threshold
        job = replace(self.job_for(chart, t, "light", "height", width),
                      name=self.name(chart, Cut(t=0.0), "light", "height", width))
        found = self.memory.get(("height", job.name))
        if found is None:
            found = int(await self.bytes(job))
            self.memory.put(("height", job.name), found)
        return found

    async def bytes(self, job: Job) -> bytes:
        # a disk read of a cached image takes well under a millisecond: done here, not in a thread
        data = self.disk.get(job.name)
        if data is not None:
            return data
        future = self.submit(job)
        try:
            # shielded: a reader who hangs up (or times out) must not cancel a render others wait for
            data, _ = await asyncio.wait_for(asyncio.shield(asyncio.wrap_future(future)), self.wait)
        except BrokenProcessPool:
            self.reset()
            raise RenderBusy(1) from None
        except TimeoutError:
            with self._lock:
                retry = self.retry_after()
            raise RenderBusy(retry) from None
        return data

    def submit(self, job: Job) -> Future[tuple[bytes, bool]]:
        """The render of `job`, already under way or newly queued; RenderBusy when the queue is full."""
        with self._lock:
            future = self._inflight.get(job.name)
            if future is not None:
                return future
            if len(self._inflight) >= self.limit:
                raise RenderBusy(self.retry_after())
            if self._executor is None:
                self._executor = self.executor_factory()
            try:
                future = self._executor.submit(self.job, job)
            except (BrokenProcessPool, RuntimeError):
                self._executor = None
                raise RenderBusy(1) from None
            self._inflight[job.name] = future
            submitted = time.monotonic()
        future.add_done_callback(lambda f: self.finished(job, f, submitted))
        return future

    def finished(self, job: Job, future: Future[tuple[bytes, bool]], submitted: float) -> None:
        now = time.monotonic()
        with self._lock:
            self._inflight.pop(job.name, None)
            # with a queue, the time since the previous render finished is one render's time
            took = now - max(submitted, self._last_done)
            self._service = 0.8 * self._service + 0.2 * took
            self._last_done = now
            self.rendered += 1
        if not future.cancelled() and future.exception() is None:
            data, written = future.result()
            if written:
                self.disk.record(job.name, len(data))

    def retry_after(self) -> int:
        """Seconds until the queue has likely drained enough for one more (called under the lock)."""
        wait = len(self._inflight) * self._service / self.workers
        return max(1, min(MAX_RETRY, math.ceil(wait)))

    @property
    def pending(self) -> int:
        with self._lock:
            return len(self._inflight)

    def warm(self) -> list[Future[None]]:
        """Start the render processes now and have them build the images' specs (not a queued render)."""
        with self._lock:
            if self._executor is None:
                self._executor = self.executor_factory()
            executor = self._executor
        return [executor.submit(render_worker.warm, self.ds.etag) for _ in range(self.workers)]

    def reset(self) -> None:
        """A render process died (killed, out of memory): the next render starts a new pool."""
        self._stop(wait=False)

    def close(self) -> None:
        """The app stops: wait for the render processes to end. Without the wait they were left behind
        (blocked reading a queue whose write end they hold themselves) once the app's process exited."""
        self._stop(wait=True)

    def _stop(self, wait: bool) -> None:
        with self._lock:
            executor, self._executor = self._executor, None
        if executor is not None:
            executor.shutdown(wait=wait, cancel_futures=True)

