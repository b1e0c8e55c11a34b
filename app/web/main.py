"""The FastAPI application: one Dataset loaded at start-up, every route through one HTTP layer."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import anyio.to_thread
from fastapi import FastAPI

from app import charts
from app.core import languages
from app.core.dataset import Dataset, load
from app.settings import MB, Settings
from app.web import errors
from app.web.cache import Cache
from app.web.context import Web
from app.web.guard import Guard
from app.web.hosts import Hosts, TrustedHost
from app.web.http import HttpLayer
from app.web.routes import ROUTERS
from app.web.security import SecurityHeaders


@asynccontextmanager
async def lifespan(app: FastAPI) -> AsyncIterator[None]:
    web: Web = app.state.web
    anyio.to_thread.current_default_thread_limiter().total_tokens = web.settings.threads
    languages.warm_up(web.settings.lingua)  # lingua takes seconds to load: do it before the first reader types
    # the first page view should not pay for building every chart spec
    threading.Thread(target=charts.warm, args=(web.ds,), name="chart-warm-up", daemon=True).start()
    # the Vega bundle is generated, not committed: write it before the first page needs it
    await asyncio.to_thread(web.static.bundle)
    if web.settings.render_warm:
        web.renders.warm()
    yield
    web.renders.close()  # the render processes end with the app


def create_app(settings: Settings | Dataset | Path | str | None = None, *, dataset: Dataset | None = None) -> FastAPI:
    """The app for `settings` (default: Settings(), from the environment), over `dataset` or the
    aggregates in settings.data. A Dataset or a folder in place of the settings still works: the
    default settings over that data."""
    if isinstance(settings, Dataset):
        dataset, settings = settings, None
    elif isinstance(settings, Path | str):
        settings = Settings(data=Path(settings))
    settings = settings or Settings()
    web = Web.create(dataset if dataset is not None else load(settings.data), settings)
    app = FastAPI(
        title="LAION-5B explainer",
        summary="Numbers and charts behind the explainer of how LAION-5B was made, computed from its metadata.",
        version="0.1.0",
        lifespan=lifespan,
        # Swagger UI and ReDoc load from a CDN: the explainer loads nothing from other hosts, so the
        # API is described by /openapi.json alone
        docs_url=None,
        redoc_url=None,
    )
    app.state.web = web
    app.state.hosts = hosts = Hosts.of(settings)
    errors.install(app)
    # the last added runs first: the guard (request id, one log line per error, the 500 of a route
    # that raised), then the Host check (absolute URLs from a trusted origin only), then the HTTP
    # layer, which sees what already carries the security headers
    app.add_middleware(SecurityHeaders)
    app.add_middleware(HttpLayer, cache=Cache(settings.compressed_cache_mb * MB))
    app.add_middleware(TrustedHost, hosts=hosts)
    app.add_middleware(Guard)
    for router in ROUTERS:
        app.include_router(router)
    app.mount("/static", web.static, name="static")
    return app
