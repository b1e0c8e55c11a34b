"""The one cache of the web layer: rendered bodies, compressed bodies, chart bundles, embed heights and
the content hashes of static files all live in instances of this class.

A least-recently-used map from cachetools behind a lock (cachetools itself is not thread-safe and the
sync routes run in worker threads). Each instance is bounded by the total weight of what it holds:
bytes for bodies (`weigh=len`, the default for bytes and Body), or one per entry for small values.
Values are built outside the lock, so a slow render (a PNG takes ~1 s) never blocks other requests;
two requests racing for the same key both build it, which is harmless.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Hashable
from typing import Any, TypeVar

from cachetools import LRUCache

V = TypeVar("V")


def weight(value: Any) -> int:
    """Bytes of a body (bytes, str or anything with a `size`); 1 for any other value."""
    if isinstance(value, bytes | str):
        return len(value)
    size = getattr(value, "size", None)
    return size if isinstance(size, int) else 1


def one(value: Any) -> int:
    """Weigh every entry alike: the cache's capacity is then a number of entries."""
    return 1


class Cache:
    def __init__(self, capacity: int, weigh: Callable[[Any], int] = weight) -> None:
        """`capacity`: the total weight held (bytes with the default `weigh`); 0 holds nothing."""
        self.capacity = capacity
        self._weigh = weigh
        self._lru: LRUCache[Hashable, Any] = LRUCache(maxsize=max(capacity, 1), getsizeof=weigh)
        self._lock = threading.Lock()

    def get(self, key: Hashable) -> Any | None:
        with self._lock:
            return self._lru.get(key)

    def put(self, key: Hashable, value: Any) -> None:
        if self._weigh(value) > self.capacity:
            return  # bigger than the whole cache: serve it, do not keep it
        with self._lock:
            self._lru[key] = value

    def get_or_set(self, key: Hashable, make: Callable[[], V]) -> V:
        with self._lock:
            if key in self._lru:
                return self._lru[key]
        value = make()
        self.put(key, value)
        return value

    def __len__(self) -> int:
        with self._lock:
            return len(self._lru)

    @property
    def weight(self) -> int:
        with self._lock:
            return int(self._lru.currsize)

    def clear(self) -> None:
        with self._lock:
            self._lru.clear()
