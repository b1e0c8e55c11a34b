"""The HTTP layer every response goes through: ETags, conditional requests, Cache-Control, HEAD, compression.

Routes answer with `respond(body, policy)`: a Body is the bytes, their media type and a strong ETag
(a hash of the bytes, so equal bodies share a tag whichever route made them); the policy is one of
the Cache-Control values below, the only place they are written. Static files (app/web/static.py)
set the same two headers. Everything else happens once, in HttpLayer, the outermost middleware:

- HEAD is answered exactly as GET, headers included, without the body (the app sees a GET);
- text bodies are compressed (brotli, else gzip; app/web/compression.py) and each encoding has an
  ETag of its own, the identity tag with the encoding appended ("abc" -> "abc-br"), so no cache
  can take a gzip body for a brotli one; encoded bodies are kept in a cache under that tag;
- If-None-Match (strong or weak tags, lists, `*`) is compared with the ETag of the variant this
  request would get, and a match is answered 304 with the ETag, Cache-Control and Vary of the 200;
- `Vary: Accept-Encoding` goes on every compressible response, 304s included, compressed or not.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import anyio.to_thread
from fastapi.responses import Response
from pydantic import BaseModel
from starlette.datastructures import Headers, MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.core.text import neutralise_doc
from app.web.cache import Cache
from app.web.compression import MIN_SIZE, THREAD_SIZE, choose_encoding, compress, compressible

# Cache-Control, by kind of response
PAGE = "no-cache"  # HTML names asset hashes and shows the data: always revalidate (a 304 is cheap)
DATA = "public, max-age=300"  # aggregates change only with a new deployment; ETags revalidate
IMMUTABLE = "public, max-age=31536000, immutable"  # /static/...?v=<content hash>: that URL never changes
REVALIDATE = "no-cache"  # a static file without its current hash
STABLE = "public, max-age=86400"  # same input, same answer whatever the data (the language detector)
OEMBED = "public, max-age=3600"
NO_STORE = "no-store"  # errors: the path may exist after the next deployment

HTML = "text/html; charset=utf-8"
JSON = "application/json"
# what a 304 leaves out of the 200's headers: it describes no body
BODY_HEADERS = frozenset({"content-type", "content-length", "content-encoding", "content-disposition"})


@dataclass(frozen=True, slots=True)
class Body:
    """A response body with its media type and strong ETag."""

    content: bytes
    media_type: str
    etag: str

    @classmethod
    def of(cls, content: bytes | str, media_type: str) -> Body:
        data = content.encode("utf-8") if isinstance(content, str) else content
        return cls(data, media_type, etag_of(data))

    @classmethod
    def json(cls, doc: Any) -> Body:
        """JSON as FastAPI writes it (UTF-8, no NaN); pydantic models as their aliases say."""
        if isinstance(doc, BaseModel):
            doc = doc.model_dump(mode="json", by_alias=True)
        elif isinstance(doc, list) and doc and isinstance(doc[0], BaseModel):
            doc = [d.model_dump(mode="json", by_alias=True) for d in doc]
        doc = neutralise_doc(doc)  # echoes of what readers typed, domain index rows (app/core/text.py)
        text = json.dumps(doc, ensure_ascii=False, allow_nan=False, separators=(",", ":"))
        return cls.of(text, JSON)

    @property
    def size(self) -> int:
        return len(self.content)


def etag_of(content: bytes) -> str:
    return f'"{hashlib.sha256(content).hexdigest()[:20]}"'


def variant(etag: str, encoding: str | None) -> str:
    """The ETag of an encoded variant: '"abc"' -> '"abc-br"' (a weak tag stays weak)."""
    if not encoding:
        return etag
    weak, tag = ("W/", etag[2:]) if etag.startswith("W/") else ("", etag)
    return f'{weak}{tag[:-1]}-{encoding}"'


def etag_matches(if_none_match: str | None, etag: str) -> bool:
    """If-None-Match's weak comparison (RFC 9110 13.1.2): any tag of the list, W/ or not, or `*`."""
    if not if_none_match:
        return False
    ours = etag.removeprefix("W/")
    for tag in if_none_match.split(","):
        tag = tag.strip()
        if tag == "*" or tag.removeprefix("W/") == ours:
            return True
    return False


def respond(body: Body, cache_control: str, headers: Mapping[str, str] | None = None) -> Response:
    """A 200 with the body's ETag and Cache-Control (the HTTP layer turns it into a 304 when it may)."""
    return Response(body.content, media_type=body.media_type,
                    headers={"ETag": body.etag, "Cache-Control": cache_control, **(headers or {})})


class HttpLayer:
    """The ASGI middleware described above; `cache` holds the encoded bodies."""

    def __init__(self, app: ASGIApp, cache: Cache) -> None:
        self.app = app
        self.cache = cache

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        head = scope["method"] == "HEAD"
        request = Headers(scope=scope)
        encoding = choose_encoding(request.get("accept-encoding", ""))
        # If-None-Match makes only a GET or HEAD conditional (RFC 9110 13.1.2)
        if_none_match = request.get("if-none-match") if scope["method"] in ("GET", "HEAD") else None
        inner = dict(scope)
        # the bodies pass through here whole: no zero-copy file sends
        inner["extensions"] = {k: v for k, v in scope.get("extensions", {}).items() if k != "http.response.pathsend"}
        if head:
            inner["method"] = "GET"
        start: Message | None = None
        chunks: list[bytes] = []
        passthrough = False

        async def reply(message: Message) -> None:
            nonlocal start, passthrough
            if message["type"] == "http.response.start":
                start = message
                headers = MutableHeaders(scope=message)
                status = message["status"]
                if status == 405 and "GET" in headers.get("allow", "") and "HEAD" not in headers["allow"]:
                    headers["allow"] += ", HEAD"
                if status < 200 or status in (204, 206, 304) or "content-encoding" in headers:
                    if status == 304:
                        headers.add_vary_header("Accept-Encoding")
                    passthrough = True
                    await send(message)
                return
            if message["type"] != "http.response.body":
                await send(message)
                return
            if passthrough:
                await send({**message, "body": b""} if head else message)
                return
            chunks.append(message.get("body", b""))
            if message.get("more_body", False):
                return  # buffered: every response here is a few MB at most
            assert start is not None
            await self.finish(start, b"".join(chunks), encoding, if_none_match, head, send)

        await self.app(inner, receive, reply)

    async def finish(self, start: Message, body: bytes, encoding: str | None, if_none_match: str | None,
                     head: bool, send: Send) -> None:
        headers = MutableHeaders(scope=start)
        text = compressible(headers.get("content-type", ""))
        if text:
            headers.add_vary_header("Accept-Encoding")
        enc = encoding if text and len(body) >= MIN_SIZE else None
        etag = headers.get("etag")
        if etag is not None:
            etag = headers["etag"] = variant(etag, enc)
            if start["status"] == 200 and etag_matches(if_none_match, etag):
                raw = [(k, v) for k, v in start["headers"] if k.decode("latin-1").lower() not in BODY_HEADERS]
                await send({"type": "http.response.start", "status": 304, "headers": raw})
                await send({"type": "http.response.body", "body": b""})
                return
        if enc is not None:
            body = await self.encoded(body, enc, etag)
            headers["content-encoding"] = enc
        headers["content-length"] = str(len(body))
        await send(start)
        await send({"type": "http.response.body", "body": b"" if head else body})

    async def encoded(self, body: bytes, encoding: str, etag: str | None) -> bytes:
        """The body in `encoding`: from the cache when its ETag (that of the encoded variant) is there."""
        packed = self.cache.get(etag) if etag else None
        if packed is None:
            if len(body) >= THREAD_SIZE:
                packed = await anyio.to_thread.run_sync(compress, body, encoding)
            else:
                packed = compress(body, encoding)
            if etag:
                self.cache.put(etag, packed)
        return packed
