"""HTML pages: the story at `/` and its JSON twin `/story.json`, plus the static files they load.

Pages are rendered once per (dataset, threshold bin) and kept in a small LRU, so a repeat
request costs a dictionary lookup; each carries a strong ETag (hash of the body) and answers
If-None-Match with 304. A bad `t` gets FastAPI's 422 JSON naming `t`, the same as the API.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import mimetypes
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from functools import cache
from pathlib import Path
from typing import Annotated, Any

import jinja2
from fastapi import APIRouter, FastAPI, HTTPException, Query, Request
from fastapi.responses import Response

from app import charts, story
from app.core import format as fmt
from app.core.dataset import Dataset
from app.core.domains import MAX_QUERY
from app.core.figures import default_t, slider_bounds
from app.core.languages import MAX_CHARS, detect
from app.core.threshold import BINS_PER_UNIT, bin_of
from app.settings import STATIC_DIR, TEMPLATES_DIR
from app.story import appendix, site_search
from app.web import vendor

PAGE_CACHE_SIZE = 128
# the embed and slide pages' assets (issue 4): a change to any of them must change the cached pages
ASSETS_EXTRA = ("js/explainer-core.js", "js/site-search.js", "js/embed.js", "js/present.js", "js/present-notes.js",
                "css/embed.css", "css/present.css")
IMMUTABLE = "public, max-age=31536000, immutable"
# Vega compiles chart expressions with `new Function` unless told to interpret their AST. The
# interpreter lets the page run under a Content-Security-Policy without 'unsafe-eval' (app/security.py);
# it costs little since the similarity chart fades bars with one rect instead of a per-bar condition
# on t (bench/slider.py measures it). Pages load static/vendor/vega-interpreter.js when this is on.
VEGA_AST = True

T = Annotated[float | None, Query(ge=0, le=1, description="CLIP similarity threshold (0..1, on a 0.001 grid)")]
Text = Annotated[str | None, Query(max_length=MAX_CHARS, description="ALT text for the language box (no-JS path)")]
Site = Annotated[str | None, Query(max_length=MAX_QUERY, description="Domain, host or URL for 'Is your site in it?'")]


@asynccontextmanager
async def lifespan(app: FastAPI) -> AsyncIterator[None]:
    # the vega bundle is generated, not committed: write it before the first page needs it
    await asyncio.to_thread(vendor.ensure_bundle)
    yield


router = APIRouter(lifespan=lifespan)


# ---------------------------------------------------------------- static files


@cache
def _static_file(path: Path, mtime: float) -> tuple[bytes, str]:
    """File bytes and their content hash (keyed by mtime, so an edited file is re-read)."""
    body = path.read_bytes()
    return body, hashlib.sha256(body).hexdigest()[:12]


def _resolve_static(rel: str) -> Path | None:
    path = (STATIC_DIR / rel).resolve()
    if not path.is_relative_to(STATIC_DIR.resolve()) or not path.is_file():
        return None
    return path


def asset_url(rel: str) -> str:
    """/static/<rel>?v=<content hash>: the query string changes whenever the file does."""
    path = _resolve_static(rel)
    if path is None and rel == "vendor/vega-bundle.js":
        path = vendor.ensure_bundle()
    if path is None:
        raise FileNotFoundError(rel)
    return f"/static/{rel}?v={_static_file(path, path.stat().st_mtime)[1]}"


@router.get("/static/{rel:path}", include_in_schema=False)
def static(rel: str, request: Request) -> Response:
    path = _resolve_static(rel)
    if path is None and rel == "vendor/vega-bundle.js":
        path = vendor.ensure_bundle()
    if path is None:
        raise HTTPException(404, f"no static file {rel!r}")
    body, digest = _static_file(path, path.stat().st_mtime)
    etag = f'"{digest}"'
    # a versioned URL never changes content: cache it for a year; otherwise revalidate
    cache_control = IMMUTABLE if request.query_params.get("v") == digest else "no-cache"
    headers = {"ETag": etag, "Cache-Control": cache_control}
    if request.headers.get("if-none-match") == etag:
        return Response(status_code=304, headers=headers)
    media = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    if media.startswith("text/") or media in ("application/javascript", "application/json", "image/svg+xml"):
        media += "; charset=utf-8"
    return Response(body, media_type=media, headers=headers)


# ---------------------------------------------------------------- templates


def _env() -> jinja2.Environment:
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(TEMPLATES_DIR), autoescape=True,
                             trim_blocks=True, lstrip_blocks=True, undefined=jinja2.StrictUndefined)
    env.globals.update(asset=asset_url, fmt=fmt)
    env.filters["cell"] = fmt.cell
    env.filters["column"] = charts.column_label
    return env


ENV = _env()


# ---------------------------------------------------------------- the story


_bundles: dict[str, dict[str, dict[str, Any]]] = {}


def _chart_bundle(ds: Dataset) -> dict[str, dict[str, Any]]:
    """Specs at the default threshold, built once per dataset; the browser moves them to the page's t."""
    if ds.etag in _bundles:
        return _bundles[ds.etag]
    out = {}
    for c in charts.available(ds):
        out[c.id] = {"title": c.title, "live": c.live,
                     "spec": charts.chart_spec(ds, c.id, default_t(ds)),
                     "dark": charts.chart_spec(ds, c.id, default_t(ds), theme="dark")["config"]}
    _bundles[ds.etag] = out
    return out


def _figures(ds: Dataset, t: float) -> dict[str, dict[str, Any]]:
    """Per chart: title, one-sentence description and the data table, at t (for no-JS and screen readers)."""
    out = {}
    for c in charts.available(ds):
        rows = c.table(ds, t)
        cols = list(rows[0].keys()) if rows else []
        out[c.id] = {"id": c.id, "title": c.title, "live": c.live, "describe": c.describe(ds, t),
                     "columns": cols, "rows": [[r.get(k) for k in cols] for r in rows]}
    return out


def page_context(ds: Dataset, t: float, text: str | None = None, site: str | None = None) -> dict[str, Any]:
    t = bin_of(t) / BINS_PER_UNIT
    lo, hi = slider_bounds(ds)
    stats = ds.threshold(t)
    marks = sorted({s["published_threshold"] for s in stats["subsets"] if s["published_threshold"] is not None})
    return {
        "ds": ds, "t": t, "stats": stats, "steps": story.build_steps(ds, t),
        "page_title": story.PAGE_TITLE, "page_dek": story.PAGE_DEK, "credit": story.credit(),
        "synthetic_note": story.synthetic_note(ds), "marks": marks,
        "ctx": {"t": t, "cld3_max": MAX_CHARS, "cld3_text": text or "",
                "cld3_result": detect(text) if text else None,
                "site_query": site or "", "site_answer": site_search.page_answer(ds, site), "site_max": MAX_QUERY},
        "figures": _figures(ds, t), "slider_bounds": {"min": lo, "max": hi, "step": 1 / BINS_PER_UNIT},
        "data": {"t": t, "default_t": default_t(ds), "synthetic": ds.synthetic, "scale": ds.scale,
                 "vega_ast": VEGA_AST, "payload": ds.payload, "charts": _chart_bundle(ds)},
        "appendix": appendix.build_appendix(ds),
    }


_pages = charts.LRU(PAGE_CACHE_SIZE)  # (body, etag) per page and threshold bin; thread-safe


def _etag(body: bytes) -> str:
    return f'"{hashlib.sha256(body).hexdigest()[:20]}"'


def _cached(key: tuple[Any, ...], render: Callable[[], bytes]) -> tuple[bytes, str]:
    def make() -> tuple[bytes, str]:
        body = render()
        return body, _etag(body)

    return _pages.get_or_set(key, make)


def _respond(request: Request, body: bytes, etag: str, media: str) -> Response:
    headers = {"ETag": etag, "Cache-Control": "no-cache"}
    if request.headers.get("if-none-match") == etag:
        return Response(status_code=304, headers=headers)
    return Response(body, media_type=media, headers=headers)


def _assets_key() -> tuple[str, ...]:
    # a page embeds asset hashes in its URLs, so a changed CSS/JS file must change the page
    return tuple(asset_url(a) for a in ("css/site.css", "js/explainer.js", "js/threshold.js",
                                        "vendor/vega-bundle.js", "vendor/vega-interpreter.js",
                                        *ASSETS_EXTRA))


def render_story(ds: Dataset, t: float, text: str | None = None, site: str | None = None) -> bytes:
    return ENV.get_template("story.html").render(page_context(ds, t, text, site)).encode()


@router.get("/", response_class=Response, summary="The story (HTML)")
def index(request: Request, t: T = None, text: Text = None, site: Site = None) -> Response:
    ds: Dataset = request.app.state.dataset
    t = default_t(ds) if t is None else t
    if text or site:  # the no-JS language box and site search: rendered for this input, not cached
        body = render_story(ds, t, text, site)
        return _respond(request, body, _etag(body), "text/html; charset=utf-8")
    key = ("story", ds.etag, bin_of(t), _assets_key())
    body, etag = _cached(key, lambda: render_story(ds, t))
    return _respond(request, body, etag, "text/html; charset=utf-8")


def story_json(ds: Dataset, t: float) -> dict[str, Any]:
    t = bin_of(t) / BINS_PER_UNIT
    m = ds.manifest
    return {
        "t": t,
        "essay": {"title": story.ESSAY_TITLE, "authors": story.ESSAY_AUTHORS, "url": story.ESSAY_URL,
                  "publisher": story.ESSAY_PUBLISHER},
        "dataset": {"name": m.get("dataset"), "synthetic": ds.synthetic, "scale": ds.scale, "rows": m.get("rows"),
                    "profile": m.get("profile")},
        "threshold": ds.threshold(t),
        "steps": [s.as_json() for s in story.build_steps(ds, t)],
    }


@router.get("/story.json", summary="The story's steps as data (the page's JSON twin)")
def story_json_route(request: Request, t: T = None) -> Response:
    ds: Dataset = request.app.state.dataset
    t = default_t(ds) if t is None else t
    key = ("story.json", ds.etag, bin_of(t))
    body, etag = _cached(key, lambda: json.dumps(story_json(ds, t), ensure_ascii=False).encode())
    return _respond(request, body, etag, "application/json")
