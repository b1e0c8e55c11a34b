"""Response headers for a page that newsrooms embed and classrooms run offline.

Scripts come only from this origin (no inline scripts, no eval: Vega runs with its CSP-safe
expression interpreter). Styles allow 'unsafe-inline' because Vega and vega-embed set style
attributes on the elements they draw. Only /embed/* may be framed by other sites.
"""

from __future__ import annotations

from starlette.middleware.base import BaseHTTPMiddleware, RequestResponseEndpoint
from starlette.requests import Request
from starlette.responses import Response


def content_security_policy(frame_ancestors: str) -> str:
    return "; ".join([
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data: blob:",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        f"frame-ancestors {frame_ancestors}",
    ])


PAGE_CSP = content_security_policy("'self'")
EMBED_CSP = content_security_policy("*")
PERMISSIONS = "camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()"


def is_embeddable(path: str) -> bool:
    return path.startswith("/embed/")


class SecurityHeaders(BaseHTTPMiddleware):
    async def dispatch(self, request: Request, call_next: RequestResponseEndpoint) -> Response:
        response = await call_next(request)
        h = response.headers
        h.setdefault("Content-Security-Policy", EMBED_CSP if is_embeddable(request.url.path) else PAGE_CSP)
        h.setdefault("X-Content-Type-Options", "nosniff")
        h.setdefault("Referrer-Policy", "strict-origin-when-cross-origin")
        h.setdefault("Permissions-Policy", PERMISSIONS)
        h.setdefault("Cross-Origin-Opener-Policy", "same-origin")
        return response
