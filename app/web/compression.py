"""Brotli or gzip for text responses, with compressed bodies remembered by ETag.

Why not Starlette's GZipMiddleware plus brotli-asgi: brotli-asgi compresses every content type
(PNG included) and both recompress the same 450 KB story page on every request. Here:
- only text-like types are compressed (HTML, CSS, JS, JSON, SVG, CSV, XML); images such as PNG are
  already compressed and pass through untouched, and so does anything with a Content-Encoding;
- brotli when the client accepts it, else gzip, else identity (q=0 is honoured);
- a response that carries an ETag (pages, static files, the JSON API, downloads: all derived from
  the aggregates) is compressed once per (ETag, encoding) and then served from a bounded LRU;
- `Vary: Accept-Encoding` on every compressible response, compressed or not, so shared caches
  keep the variants apart.
The ETag is left as the route made it: the decoded bytes are the same in every encoding, and a
changed ETag would stop the routes' own If-None-Match checks from answering 304.
"""

from __future__ import annotations

import gzip
import threading
from collections import OrderedDict

import anyio.to_thread
import brotli
from starlette.datastructures import Headers, MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

MIN_SIZE = 512  # smaller bodies gain less than the header costs
THREAD_SIZE = 128 * 1024  # compress bigger bodies off the event loop (a 450 KB page takes ~5 ms)
CACHE_BYTES = 64 * 1024 * 1024
BROTLI_QUALITY = 5  # measured on the story page: ~10x smaller, ~5 ms; 11 is ~1 s
GZIP_LEVEL = 6
TEXT_TYPES = ("application/json", "application/javascript", "application/xml", "image/svg+xml",
              "application/manifest+json", "application/schema+json")


def compressible(content_type: str) -> bool:
    media = content_type.split(";", 1)[0].strip().lower()
    return media.startswith("text/") or media in TEXT_TYPES or media.endswith(("+json", "+xml"))


def choose_encoding(accept_encoding: str) -> str | None:
    """'br', 'gzip' or None from an Accept-Encoding header (brotli preferred; q=0 means no)."""
    q: dict[str, float] = {}
    for part in accept_encoding.lower().split(","):
        token, _, params = part.strip().partition(";")
        if not token:
            continue
        weight = 1.0
        params = params.strip()
        if params.startswith("q="):
            try:
                weight = float(params[2:])
            except ValueError:
                weight = 0.0
        q[token.strip()] = weight
    star = q.get("*", 0.0)
    for enc in ("br", "gzip"):
        if q.get(enc, star) > 0:
            return enc
    return None


def compress(body: bytes, encoding: str) -> bytes:
    if encoding == "br":
        return brotli.compress(body, quality=BROTLI_QUALITY, mode=brotli.MODE_TEXT)
    return gzip.compress(body, compresslevel=GZIP_LEVEL, mtime=0)


class _ByteLRU:
    """Compressed bodies keyed by (ETag, encoding, ...), bounded by their total size."""

    def __init__(self, max_bytes: int) -> None:
        self.max_bytes = max_bytes
        self.size = 0
        self._d: OrderedDict[tuple[str, ...], bytes] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: tuple[str, ...]) -> bytes | None:
        with self._lock:
            v = self._d.get(key)
            if v is not None:
                self._d.move_to_end(key)
            return v

    def put(self, key: tuple[str, ...], value: bytes) -> None:
        if len(value) > self.max_bytes:
            return
        with self._lock:
            old = self._d.pop(key, None)
            self.size += len(value) - (len(old) if old is not None else 0)
            self._d[key] = value
            while self.size > self.max_bytes:
                _, dropped = self._d.popitem(last=False)
                self.size -= len(dropped)


class Compression:
    def __init__(self, app: ASGIApp, cache_bytes: int = CACHE_BYTES) -> None:
        self.app = app
        self.cache = _ByteLRU(cache_bytes)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        encoding = choose_encoding(Headers(scope=scope).get("accept-encoding", ""))
        start: Message | None = None
        chunks: list[bytes] = []
        passthrough = False

        async def send_compressed(message: Message) -> None:
            nonlocal start, passthrough
            if message["type"] == "http.response.start":
                start = message
                h = Headers(raw=message["headers"])
                status = message["status"]
                if (not compressible(h.get("content-type", "")) or "content-encoding" in h
                        or status < 200 or status in (204, 206, 304)):
                    passthrough = True
                    await send(message)
                return
            if message["type"] != "http.response.body" or passthrough:
                await send(message)
                return
            assert start is not None
            chunks.append(message.get("body", b""))
            if message.get("more_body", False):
                return  # buffer: every response here is a few MB at most
            body = b"".join(chunks)
            headers = MutableHeaders(scope=start)
            headers.add_vary_header("Accept-Encoding")
            if encoding is None or len(body) < MIN_SIZE or scope.get("method") == "HEAD":
                await send(start)
                await send({"type": "http.response.body", "body": body})
                return
            etag = headers.get("etag")
            key = (etag, encoding, headers.get("content-type", ""), str(len(body))) if etag else None
            packed = self.cache.get(key) if key else None
            if packed is None:
                if len(body) >= THREAD_SIZE:
                    packed = await anyio.to_thread.run_sync(compress, body, encoding)
                else:
                    packed = compress(body, encoding)
                if key:
                    self.cache.put(key, packed)
            headers["Content-Encoding"] = encoding
            headers["Content-Length"] = str(len(packed))
            await send(start)
            await send({"type": "http.response.body", "body": packed})

        await self.app(scope, receive, send_compressed)
