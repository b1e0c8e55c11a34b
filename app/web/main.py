"""The FastAPI application: one Dataset loaded at start-up, pages and JSON from the same code path."""

from __future__ import annotations

import os
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import anyio.to_thread
from fastapi import FastAPI

from app.core.dataset import Dataset, load
from app.settings import STATIC_DIR
from app.web import api, downloads, embeds, errors, pages, present
from app.web.compression import Compression
from app.web.security import SecurityHeaders

# Threads for the sync routes. They mostly answer from caches in well under a millisecond, and under
# load anyio's default of 40 threads spend their time fighting over the GIL: bench/load.py measured
# 437 req/s with 40, 615 with 2 and 735 with 1 at 64 clients. 2 keeps one slow render (a PNG takes
# ~1 s) from stalling every other request. EXPLAINER_THREADS overrides it.
WORKER_THREADS = int(os.environ.get("EXPLAINER_THREADS", "2"))


@asynccontextmanager
async def server_tuning(app: FastAPI) -> AsyncIterator[None]:
    anyio.to_thread.current_default_thread_limiter().total_tokens = max(1, WORKER_THREADS)
    yield


def create_app(data: Path | str | Dataset) -> FastAPI:
    ds = data if isinstance(data, Dataset) else load(data)
    app = FastAPI(
        title="LAION-5B explainer",
        summary="Numbers and charts behind the explainer of how LAION-5B was made, computed from its metadata.",
        version="0.1.0",
        lifespan=server_tuning,
        # Swagger UI and ReDoc load from a CDN: the explainer loads nothing from other hosts, so the
        # API is described by /openapi.json alone
        docs_url=None,
        redoc_url=None,
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
