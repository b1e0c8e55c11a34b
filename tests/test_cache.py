"""app/core/cache.py: the one LRU cache (specs, pages, rendered images, embed heights)."""

from __future__ import annotations

import threading

from app.core.cache import LRU


def test_keeps_the_most_recently_used() -> None:
    cache = LRU(2)
    made: list[str] = []

    def make(key: str) -> str:
        made.append(key)
        return key.upper()

    assert cache.get_or_set("a", lambda: make("a")) == "A"
    assert cache.get_or_set("b", lambda: make("b")) == "B"
    assert cache.get_or_set("a", lambda: make("a")) == "A"  # a hit: "a" is now the most recent
    assert cache.get_or_set("c", lambda: make("c")) == "C"  # evicts "b", the least recently used
    assert len(cache) == 2
    cache.get_or_set("a", lambda: make("a"))
    cache.get_or_set("b", lambda: make("b"))
    assert made == ["a", "b", "c", "b"]


def test_clear_empties_it() -> None:
    cache = LRU(4)
    cache.get_or_set(1, lambda: "one")
    cache.clear()
    assert len(cache) == 0 and cache.get_or_set(1, lambda: "uno") == "uno"


def test_threads_share_it_without_losing_the_bound() -> None:
    cache = LRU(16)
    errors: list[Exception] = []

    def work(base: int) -> None:
        try:
            for i in range(500):
                key = (base + i) % 40
                assert cache.get_or_set(key, lambda k=key: k * 2) == key * 2
        except Exception as e:  # reported by the main thread
            errors.append(e)

    threads = [threading.Thread(target=work, args=(n,)) for n in range(8)]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    assert not errors and len(cache) == 16
