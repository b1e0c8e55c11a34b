"""The outermost middleware: a request id for every request, and every error logged once and answered.

- Each request gets a fresh random id (never one the client sent: a log line must not be forgeable),
  returned in X-Request-Id, put in every error body (app/web/errors.py reads it from a context
  variable) and in the log line of any error.
- An error response (4xx at INFO, 5xx at ERROR) logs exactly one line: id, method, path, status.
- A route that raises answers the 500 of errors.server_error (JSON, or the styled page to browsers)
  with the security headers of a page, instead of Starlette's bare text/plain. Its traceback is
  logged the first time that error site (exception type, file, line) is seen, and only at DEBUG
  after that: one bad URL requested in a loop must not write 90 lines a request.
"""

from __future__ import annotations

import logging
import secrets
import traceback

from starlette.datastructures import MutableHeaders
from starlette.requests import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.web import errors
from app.web.security import headers_for

log = logging.getLogger("app.web")
SITES = 1024  # distinct error sites whose traceback was logged (then every error logs one line only)
PATH_CHARS = 200  # of a path in a log line


def new_request_id() -> str:
    return secrets.token_hex(8)


def error_site(exc: BaseException) -> tuple[str, str, int]:
    """Where an exception was raised: its type and the innermost frame's file and line."""
    frames = traceback.extract_tb(exc.__traceback__)
    last = frames[-1] if frames else None
    return type(exc).__name__, last.filename if last else "?", (last.lineno or 0) if last else 0


def shown_path(scope: Scope) -> str:
    """The path as it may go in a log line: non-ASCII and control characters escaped (\\u202e), at
    most PATH_CHARS long, so a forged path can neither forge log lines nor reorder them."""
    raw = scope.get("path", "")
    path = raw[:PATH_CHARS].encode("ascii", "backslashreplace").decode("ascii")
    path = "".join(c if c.isprintable() else f"\\x{ord(c):02x}" for c in path)
    return path + "..." if len(raw) > PATH_CHARS else path


class Guard:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app
        self.seen: set[tuple[str, str, int]] = set()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        rid = new_request_id()
        token = errors.REQUEST_ID.set(rid)
        started = False
        failed = False  # the 500 below logs its own line

        async def send_with_id(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                MutableHeaders(scope=message)["X-Request-Id"] = rid
                status = message["status"]
                if status >= 400 and not failed:
                    log.log(logging.ERROR if status >= 500 else logging.INFO, "%s %s %s -> %d",
                            rid, scope.get("method", "?"), shown_path(scope), status)
            await send(message)

        try:
            await self.app(scope, receive, send_with_id)
        except Exception as exc:  # noqa: BLE001 - every failure of a route ends here, answered
            failed = True
            self.log_failure(rid, scope, exc)
            if not started:  # else the client already has a status line: the server closes the connection
                await self.answer(scope, receive, send_with_id)
        finally:
            errors.REQUEST_ID.reset(token)

    def log_failure(self, rid: str, scope: Scope, exc: Exception) -> None:
        site = error_site(exc)
        first = site not in self.seen
        if first and len(self.seen) < SITES:
            self.seen.add(site)
        where = f"{site[1]}:{site[2]}"
        message = f"{rid} {scope.get('method', '?')} {shown_path(scope)} -> 500: {site[0]} at {where}"
        if first:
            log.error(message, exc_info=exc)
        else:
            log.error(message)
            log.debug("%s traceback", rid, exc_info=exc)

    async def answer(self, scope: Scope, receive: Receive, send: Send) -> None:
        try:
            response = errors.server_error(Request(scope, receive))
        except Exception:  # noqa: BLE001 - even the error page failed: the JSON shape by hand
            response = errors.error(500, "internal server error", "the server failed to answer this request")
        for name, value in headers_for(scope.get("path", "")):
            response.headers.setdefault(name, value)
        await response(scope, receive, send)
