"""The FastAPI application: one Dataset loaded at start-up, pages and JSON from the same code path."""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI

from . import api, downloads, embeds, errors, pages, present
from .compression import Compression
from .config import STATIC_DIR
from .data import Dataset, load
from .security import SecurityHeaders


def create_app(data: Path | str | Dataset) -> FastAPI:
    ds = data if isinstance(data, Dataset) else load(data)
    app = FastAPI(
        title="LAION-5B explainer",
        summary="Numbers and charts behind the explainer of how LAION-5B was made, computed from its metadata.",
        version="0.1.0",
    )
    app.state.dataset = ds
    app.state.static_dir = STATIC_DIR
    api.install_error_handlers(app)
    errors.install(app)  # unknown paths: a styled 404 page for browsers, JSON for everyone else
    # the last added runs first: compress what already carries the security headers
    app.add_middleware(SecurityHeaders)
    app.add_middleware(Compression)
    app.include_router(api.router)
    app.include_router(downloads.router)
    app.include_router(pages.router)
    app.include_router(embeds.router)  # /embed/{chart}, /oembed
    app.include_router(present.router)  # /present, /present/notes
    return app
