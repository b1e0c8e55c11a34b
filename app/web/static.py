"""/static/: the CSS, scripts and vendored Vega of static/, served by Starlette's StaticFiles.

What the subclass adds:
- `url(rel)` writes /static/<rel>?v=<content hash> into pages; a request whose v is the file's current
  hash gets an immutable one-year lifetime, any other (no v, an old v) revalidates every time;
- the ETag is that content hash (not StaticFiles' mtime and size), so every copy of a file has the
  same tag; If-None-Match is left to the HTTP layer (app/web/http.py), which also knows the encoding;
- the Vega bundle is generated (app/web/vendor.py), possibly outside static/ (Settings.bundle): it
  is written on first use and served as vendor/vega-bundle.js;
- no byte ranges: the files are small and the HTTP layer compresses them.
"""

from __future__ import annotations

import hashlib
import mimetypes
import os
import stat
from collections.abc import Callable
from pathlib import Path
from urllib.parse import parse_qs

from starlette.responses import FileResponse, Response
from starlette.staticfiles import StaticFiles
from starlette.types import Receive, Scope, Send

from app.web import http
from app.web.cache import Cache, one

BUNDLE = "vendor/vega-bundle.js"
TEXT_MEDIA = ("application/javascript", "text/javascript", "application/json", "image/svg+xml")
RANGE_HEADERS = (b"range", b"if-range")
HASHES = 512  # files whose content hash is remembered (keyed by path, mtime and size)


def media_type(path: str) -> str:
    media = mimetypes.guess_type(path)[0] or "application/octet-stream"
    if media.startswith("text/") or media in TEXT_MEDIA:
        media += "; charset=utf-8"
    return media


class Static(StaticFiles):
    def __init__(self, directory: Path, bundle: Callable[[], Path]) -> None:
        """`bundle`: writes the Vega bundle if it is missing and returns where it is."""
        super().__init__(directory=directory, check_dir=False)
        self.directory_str = str(directory)
        self.bundle = bundle
        self.hashes = Cache(HASHES, weigh=one)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            scope = {**scope, "headers": [(k, v) for k, v in scope["headers"] if k.lower() not in RANGE_HEADERS]}
        await super().__call__(scope, receive, send)

    def lookup_path(self, path: str) -> tuple[str, os.stat_result | None]:
        if path.replace(os.sep, "/") == BUNDLE:
            bundle = self.bundle()
            return str(bundle), bundle.stat()
        return super().lookup_path(path)

    def file_response(self, full_path: str | os.PathLike[str], stat_result: os.stat_result, scope: Scope,
                      status_code: int = 200) -> Response:
        digest = self.digest(str(full_path), stat_result)
        query = parse_qs(scope.get("query_string", b"").decode("latin-1"))
        cache_control = http.IMMUTABLE if query.get("v", [""])[0] == digest else http.REVALIDATE
        response = FileResponse(full_path, status_code=status_code, stat_result=stat_result,
                                media_type=media_type(str(full_path)),
                                headers={"ETag": f'"{digest}"', "Cache-Control": cache_control})
        del response.headers["accept-ranges"]
        return response

    def digest(self, path: str | Path, st: os.stat_result | None = None) -> str:
        """The first 12 hex digits of the file's SHA-256 (re-read when its mtime or size changes)."""
        st = st or os.stat(path)
        return self.hashes.get_or_set((str(path), st.st_mtime_ns, st.st_size),
                                      lambda: hashlib.sha256(Path(path).read_bytes()).hexdigest()[:12])

    def file(self, rel: str) -> tuple[str, os.stat_result]:
        """The file behind /static/<rel> and its stat (FileNotFoundError when there is none).

        `rel` comes from the templates, not from requests (those go through StaticFiles' lookup), so a
        check for ".." stands in for resolving the path: pages name a dozen files on every request.
        """
        if rel == BUNDLE:
            bundle = str(self.bundle())
            return bundle, os.stat(bundle)
        if ".." in rel.split("/"):
            raise FileNotFoundError(rel)
        path = os.path.join(self.directory_str, rel)
        st = os.stat(path)
        if not stat.S_ISREG(st.st_mode):
            raise FileNotFoundError(rel)
        return path, st

    def url(self, rel: str) -> str:
        """/static/<rel>?v=<content hash>: the query string changes whenever the file does."""
        return f"/static/{rel}?v={self.digest(*self.file(rel))}"
