"""Response headers for a page that newsrooms embed and classrooms run offline.

Scripts come only from this origin: no inline scripts and no eval (Vega runs with its CSP-safe
expression interpreter, app/web/views/common.py VEGA_AST). Styles also come only from this origin, with no
'unsafe-inline': the pages carry no style attributes or <style> elements, vega-embed is told not to inject
its stylesheet (`defaultStyle: false`, the tooltip's `disableDefaultStyle`; static/css/site.css styles
both), and what Vega's renderers set at run time goes through the CSSOM (`el.style.x = ...`), which a
CSP does not govern. Only /embed/* may be framed by other sites. FastAPI's /docs and /redoc are
switched off (they load Swagger UI / ReDoc from a CDN).

A plain ASGI middleware rather than Starlette's BaseHTTPMiddleware: it only edits the header list
of the response start message, so it adds no task or stream per request (it sits on every request
of the load test).
"""

from __future__ import annotations

from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

DIRECTIVES = (
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
)
# what a <meta http-equiv> policy may not carry (CSP3 6.1: ignored there), so the static export leaves out
HEADER_ONLY = ("frame-ancestors", "report-uri", "report-to", "sandbox")


def content_security_policy(frame_ancestors: str) -> str:
    return "; ".join([*DIRECTIVES, f"frame-ancestors {frame_ancestors}"])


def meta_policy() -> str:
    """The server's policy as a static page can carry it in <meta http-equiv="Content-Security-Policy">."""
    return "; ".join(d for d in DIRECTIVES if d.split()[0] not in HEADER_ONLY)


PAGE_CSP = content_security_policy("'self'")
EMBED_CSP = content_security_policy("*")
REFERRER = "strict-origin-when-cross-origin"
PERMISSIONS = ("camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=(), "
               "browsing-topics=()")


def is_embeddable(path: str) -> bool:
    return path.startswith("/embed/")


def policy_for(path: str) -> str:
    if is_embeddable(path):
        return EMBED_CSP
    return PAGE_CSP


def headers_for(path: str) -> list[tuple[str, str]]:
    """The security headers of a response to `path` (a route's own value of any of them wins)."""
    out = [
        ("Content-Security-Policy", policy_for(path)),
        ("X-Content-Type-Options", "nosniff"),
        ("Referrer-Policy", REFERRER),
        ("Permissions-Policy", PERMISSIONS),
    ]
    if not is_embeddable(path):
        # for browsers that predate frame-ancestors; embeds must stay frameable anywhere
        out.append(("X-Frame-Options", "SAMEORIGIN"))
        # embeds are opened by other sites' pages; everything else keeps its own browsing context group
        out.append(("Cross-Origin-Opener-Policy", "same-origin"))
    return out


class SecurityHeaders:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        extra = headers_for(scope.get("path", ""))

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                h = MutableHeaders(scope=message)
                for name, value in extra:
                    h.setdefault(name, value)
            await send(message)

        await self.app(scope, receive, send_with_headers)
