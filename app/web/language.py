"""The language box's costs, bounded: too little text is answered without a detector, answers are kept
for texts seen before, and each client address may send only so many texts a second.

CLD3 answers anything, "!!!", "1234", an emoji or zero-width spaces included, with a confident
language (Japanese, reliable, 0.78): below MIN_LETTERS Unicode letters (categories L*) the answer
is "not enough text to tell" instead, in the API and on the page alike. A text costs CLD3 and
lingua up to ~11 ms (1,000 characters), holding the GIL all along (so every other request waits),
so each client address has a token bucket (Settings.language_rate per second, language_burst at
once; past it, 429 with Retry-After) and all clients together another (language_total_rate; past
it, 503 with Retry-After).
"""

from __future__ import annotations

import math
import threading
import time
import unicodedata
from typing import Any

from cachetools import LRUCache

from app.core import languages
from app.settings import Settings
from app.web.cache import Cache, one

MIN_LETTERS = 3  # "ok" or "日本" is not enough for either detector to say anything reliable
NOT_ENOUGH = "Not enough text to tell"
ANSWERS = 4096  # detector answers kept (a few hundred bytes each; texts repeat: the examples, retries)
CLIENTS = 16384  # token buckets kept, least recently seen dropped first (a dropped one starts full)
LINGUA_DIGITS = 12


def letters(text: str) -> int:
    """How many Unicode letters (general category L*) the text holds."""
    return sum(1 for ch in text if unicodedata.category(ch).startswith("L"))


def not_enough(text: str, count: int) -> dict[str, Any]:
    return {"characters": len(text), "letters": count, "enough_text": False, "min_letters": MIN_LETTERS,
            "cld3": {"code": "und", "name": NOT_ENOUGH, "probability": 0.0, "is_reliable": False, "proportion": 0.0},
            "lingua": {"code": None, "name": None, "confidence": None}, "agree": False}


class RateLimiter:
    """A token bucket per key: `rate` tokens a second, up to `burst` saved up."""

    def __init__(self, rate: float, burst: int, keys: int = CLIENTS) -> None:
        self.rate, self.burst = rate, burst
        self._buckets: LRUCache[str, tuple[float, float]] = LRUCache(maxsize=keys)
        self._lock = threading.Lock()

    def wait(self, key: str, now: float | None = None) -> int:
        """0 when `key` may go now (a token is taken); else the whole seconds until it may."""
        now = time.monotonic() if now is None else now
        with self._lock:
            tokens, then = self._buckets.get(key, (float(self.burst), now))
            tokens = min(float(self.burst), tokens + (now - then) * self.rate)
            if tokens >= 1:
                self._buckets[key] = (tokens - 1, now)
                return 0
            self._buckets[key] = (tokens, now)
            return max(1, math.ceil((1 - tokens) / self.rate))


class LanguageBox:
    def __init__(self, settings: Settings) -> None:
        self.accuracy = settings.lingua
        self.limiter = RateLimiter(settings.language_rate, settings.language_burst)
        rate = settings.language_total_rate
        self.total = RateLimiter(rate, max(1, math.ceil(rate)), keys=1)  # one bucket: every client's texts
        self.answers = Cache(ANSWERS, weigh=one)

    def detect(self, text: str) -> dict[str, Any]:
        """The box's answer for `text` (a fresh dict: the caller may change it)."""
        count = letters(text)
        if count < MIN_LETTERS:
            return not_enough(text, count)
        found = self.answers.get(text)
        if found is None:
            found = languages.detect(text, self.accuracy)
            # lingua's confidences differ in their last bits from call to call (it sums in parallel):
            # rounded, the same text gets the same bytes, and so the same ETag
            if found["lingua"]["confidence"] is not None:
                found["lingua"]["confidence"] = round(found["lingua"]["confidence"], LINGUA_DIGITS)
            found = {**found, "letters": count, "enough_text": True, "min_letters": MIN_LETTERS}
            self.answers.put(text, found)
        return {**found, "cld3": dict(found["cld3"]), "lingua": dict(found["lingua"])}
