"""Which responses are compressed, with what, and how: the codecs behind the HTTP layer (app/web/http.py).

Why not Starlette's GZipMiddleware plus brotli-asgi: brotli-asgi compresses every content type (PNG
included) and both recompress the same 450 KB story page on every request. Here only text-like
types are compressed (HTML, CSS, JS, JSON, SVG, CSV, XML); brotli when the client accepts it, else
gzip, else identity (q=0 is honoured). The HTTP layer keeps each encoded body in a cache under its
own ETag, so a page is compressed once per encoding.
"""

from __future__ import annotations

import gzip

import brotli

MIN_SIZE = 512  # smaller bodies gain less than the header costs
THREAD_SIZE = 128 * 1024  # compress bigger bodies off the event loop (a 450 KB page takes ~5 ms)
BROTLI_QUALITY = 5  # measured on the story page: ~10x smaller, ~5 ms; 11 is ~1 s
GZIP_LEVEL = 6
ENCODINGS = ("br", "gzip")  # in order of preference
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
    for enc in ENCODINGS:
        if q.get(enc, star) > 0:
            return enc
    return None


def compress(body: bytes, encoding: str) -> bytes:
    if encoding == "br":
        return brotli.compress(body, quality=BROTLI_QUALITY, mode=brotli.MODE_TEXT)
    return gzip.compress(body, compresslevel=GZIP_LEVEL, mtime=0)
