"""A progress bar for the build: shards done, rows/s and ETA on one stderr line."""

from __future__ import annotations

import sys
import time


class Progress:
    """Shards done, rows/s and ETA on one stderr line, only when stderr is a terminal."""

    def __init__(self, total_rows: int, shards: int, enabled: bool | None = None) -> None:
        self.total_rows, self.shards = total_rows, shards
        self.enabled = sys.stderr.isatty() if enabled is None else enabled
        self.start = time.perf_counter()
        self.rows = self.done = 0

    def step(self, rows: int) -> None:
        self.rows += rows
        self.done += 1
        if not self.enabled:
            return
        dt = max(time.perf_counter() - self.start, 1e-9)
        rate = self.rows / dt
        eta = (self.total_rows - self.rows) / rate if rate else 0.0
        width = 30
        filled = int(width * self.done / max(self.shards, 1))
        sys.stderr.write(f"\r[{'#' * filled}{'.' * (width - filled)}] {self.done}/{self.shards} shards "
                         f"{rate / 1e6:5.1f}M rows/s ETA {eta:4.0f}s ")
        if self.done == self.shards:
            sys.stderr.write("\n")
        sys.stderr.flush()
