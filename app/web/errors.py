"""Every error the app answers, in one shape, and that shape in the OpenAPI document.

JSON errors are {"error", "parameter", "detail"}: every invalid parameter, on every route, is a 422
naming it; an unknown thing a path names is a 404 naming that parameter. A browser that asks for a
page at an unknown path gets a styled 404 page with a way back into the story instead; every other
client (and every path under /api/ or /charts/) gets JSON, so scripts never have to parse HTML.

Every error body names the request's id (`request_id`, also in the X-Request-Id header and the one log
line the error makes; app/web/guard.py), so a reader's report can be matched to the log. Errors are
never stored by caches: the id differs on every request and the path may exist after a deployment.
"""

from __future__ import annotations

from contextvars import ContextVar
from http import HTTPStatus
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException

from app import story
from app.web import http, models

# set by the guard for the request being answered (context variables follow it into worker threads)
REQUEST_ID: ContextVar[str | None] = ContextVar("request_id", default=None)
JSON_PREFIXES = ("/api/", "/charts/", "/openapi.json", "/oembed", "/healthz", "/story.json", "/present.json")


def request_id() -> str | None:
    """The id of the request being answered (None outside a request)."""
    return REQUEST_ID.get()


def error(status: int, error: str, detail: str, parameter: str | None = None,
          headers: dict[str, str] | None = None, **extra: Any) -> JSONResponse:
    body = {"error": error, "parameter": parameter, "detail": detail, **extra, "request_id": request_id()}
    return JSONResponse(status_code=status, content=body, headers={**(headers or {}), "Cache-Control": http.NO_STORE})


def not_found(detail: str, parameter: str | None = None) -> JSONResponse:
    return error(404, "not found", detail, parameter)


def invalid(detail: str, parameter: str) -> JSONResponse:
    return error(422, "invalid parameter", f"{parameter}: {detail}", parameter)


async def validation_error(request: Request, exc: Exception) -> JSONResponse:
    """422 naming the parameter at fault (FastAPI's default body does not say it plainly)."""
    errs = exc.errors() if isinstance(exc, RequestValidationError) else []
    items = []
    for e in errs:
        loc = [str(x) for x in e.get("loc", ())]
        param = loc[-1] if loc else None
        if len(loc) > 1 and loc[0] == "body":
            param = ".".join(loc[1:])
        # no "input" echo: it can be 1,000 characters of someone's text
        items.append({"parameter": param, "detail": str(e.get("msg", "invalid")), "type": str(e.get("type", ""))})
    first = items[0] if items else {"parameter": None, "detail": "invalid request"}
    detail = f"{first['parameter']}: {first['detail']}" if first["parameter"] else first["detail"]
    return error(422, "invalid parameter", detail, first["parameter"], errors=items)


def wants_html(request: Request) -> bool:
    path = request.url.path
    if path.startswith(JSON_PREFIXES) or path.endswith(".json"):  # the JSON twins answer JSON, even to browsers
        return False
    return "text/html" in request.headers.get("accept", "")


def error_page(request: Request, status: int, title: str) -> HTMLResponse:
    """The styled error page (templates/404.html) with a way back into the story."""
    web = request.app.state.web
    body = web.render("404.html", {
        "page_title": f"{title} · {story.PAGE_TITLE}", "page_dek": story.PAGE_DEK, "path": request.url.path,
        "story_title": story.PAGE_TITLE, "status": status, "title": title, "request_id": request_id()})
    return HTMLResponse(body, status_code=status, headers={"Cache-Control": http.NO_STORE})


def not_found_page(request: Request) -> HTMLResponse:
    return error_page(request, 404, "Page not found")


def server_error(request: Request) -> Response:
    """The 500 of a request whose route raised: the styled page for browsers, else the JSON shape."""
    detail = "the server failed to answer this request; quote its request_id when reporting it"
    if wants_html(request):
        try:
            return error_page(request, 500, "Something went wrong")
        except Exception:  # noqa: BLE001 - the page itself failed: the JSON still answers
            pass
    return error(500, "internal server error", detail)


async def http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, StarletteHTTPException)
    if exc.status_code == 404 and wants_html(request):
        return not_found_page(request)
    try:
        phrase = HTTPStatus(exc.status_code).phrase.lower()
    except ValueError:
        phrase = "error"
    parameter = None
    if exc.status_code == 404:
        # a route matched but its path parameter names nothing here (/embed/nope): name that parameter
        names = list(request.path_params)
        parameter = names[0] if len(names) == 1 else "path"
    elif exc.status_code == 405:
        parameter = "method"
    return error(exc.status_code, phrase, str(exc.detail), parameter, headers=getattr(exc, "headers", None))


def _error_response(description: str) -> dict[str, Any]:
    return {"description": description,
            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}


def document_errors(doc: dict[str, Any]) -> dict[str, Any]:
    """Point every operation's error responses at the Error model the handlers really send."""
    schemas = doc.setdefault("components", {}).setdefault("schemas", {})
    schemas["Error"] = models.Error.model_json_schema(ref_template="#/components/schemas/{model}")
    for item in doc.get("paths", {}).values():
        for op in item.values():
            responses = op.setdefault("responses", {})
            params = op.get("parameters", [])
            if params or "422" in responses:
                responses["422"] = _error_response("Invalid parameter")
            if any(p.get("in") == "path" for p in params) and "404" not in responses:
                responses["404"] = _error_response("Unknown or unavailable")
    for name in ("HTTPValidationError", "ValidationError"):
        if not any(name in str(op) for item in doc.get("paths", {}).values() for op in item.values()):
            schemas.pop(name, None)
    return doc


def install(app: FastAPI) -> None:
    app.add_exception_handler(RequestValidationError, validation_error)
    app.add_exception_handler(StarletteHTTPException, http_error)
    generate = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            app.openapi_schema = document_errors(generate())
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]
