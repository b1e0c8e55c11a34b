"""Errors outside the API's own: unknown paths and wrong methods, and the error shape in OpenAPI.

A browser that asks for a page at an unknown path gets a styled 404 page with a way back into the
story; every other client (and every path under /api/ or /charts/) gets the API's JSON error shape
{"error", "parameter", "detail"}, so scripts never have to parse HTML. The OpenAPI document says
so for every operation: its 422 (and, with path parameters, 404) answers use that shape.
"""

from __future__ import annotations

from http import HTTPStatus
from typing import Any

from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse, JSONResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException

from app import story
from app.web import models

JSON_PREFIXES = ("/api/", "/charts/", "/openapi.json", "/oembed", "/healthz", "/story.json")


def wants_html(request: Request) -> bool:
    path = request.url.path
    if path.startswith(JSON_PREFIXES):
        return False
    return "text/html" in request.headers.get("accept", "")


def not_found_page(request: Request) -> HTMLResponse:
    from app.web.pages import ENV  # pages imports the app's routers; import late to keep this module light

    body = ENV.get_template("404.html").render(
        page_title=f"Page not found · {story.PAGE_TITLE}", page_dek=story.PAGE_DEK, path=request.url.path,
        story_title=story.PAGE_TITLE)
    # not cached: the path may exist after the next deployment
    return HTMLResponse(body, status_code=404, headers={"Cache-Control": "no-store"})


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
    body = {"error": phrase, "parameter": parameter, "detail": str(exc.detail)}
    return JSONResponse(body, status_code=exc.status_code, headers=getattr(exc, "headers", None))


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
    app.add_exception_handler(StarletteHTTPException, http_error)
    generate = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            app.openapi_schema = document_errors(generate())
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]
