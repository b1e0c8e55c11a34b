"""The app's one in-process cache: a thread-safe LRU over cachetools (specs, pages, images, heights)."""

from __future__ import annotations

import threading
from collections.abc import Callable, Hashable
from typing import Any

from cachetools import LRUCache


class LRU:
    """A least-recently-used cache of at most `maxsize` values, safe to share between request threads."""

    def __init__(self, maxsize: int) -> None:
        self.maxsize = maxsize
        self._cache: LRUCache[Hashable, Any] = LRUCache(maxsize)
        self._lock = threading.Lock()

    def get_or_set(self, key: Hashable, make: Callable[[], Any]) -> Any:
        """The value under `key`, made (and kept) by `make()` when absent."""
        with self._lock:
            try:
                return self._cache[key]  # a hit counts as a use: it moves to the young end
            except KeyError:
                pass
        value = make()  # outside the lock: two racing builds are harmless, a blocked server is not
        with self._lock:
            self._cache[key] = value
        return value

    def clear(self) -> None:
        with self._lock:
            self._cache.clear()

    def __len__(self) -> int:
        with self._lock:
            return len(self._cache)
