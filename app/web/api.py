"""JSON API: stats, the threshold arithmetic, the chart list, live language detection, health.

Aggregates-derived JSON carries an ETag (the dataset's etag plus the normalised query) and a
Cache-Control lifetime; a matching If-None-Match gets a 304. Every invalid parameter, on every
route, answers 422 with {"error": "invalid parameter", "parameter": ..., "detail": ...}.
"""

from __future__ import annotations

import hashlib
import threading
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from pathlib import PurePath
from typing import Annotated, Any

from fastapi import APIRouter, FastAPI, Path, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel

from app import charts
from app.core import domains
from app.core import languages as language
from app.core.dataset import Dataset
from app.core.figures import default_t, domain_answer, lowest_similarity, subset_order
from app.core.threshold import bin_of
from app.web import models
from precompute.contract.reference import speakers

CACHE_CONTROL = "public, max-age=300"  # aggregates change only with a new deployment; ETags revalidate

T_DESCRIPTION = "CLIP similarity threshold in [0, 1] (snapped to the 0.001 grid)"
ERRORS: dict[int | str, dict[str, Any]] = {
    422: {"model": models.Error, "description": "Invalid parameter"},
}
NOT_FOUND: dict[int | str, dict[str, Any]] = {404: {"model": models.Error, "description": "Unknown or unavailable"}}


@asynccontextmanager
async def lifespan(app: FastAPI) -> AsyncIterator[None]:
    language.warm_up()  # lingua takes seconds to load: do it before the first reader types
    ds = getattr(app.state, "dataset", None)
    if ds is not None:  # the first page view should not pay for building every chart spec
        threading.Thread(target=charts.warm, args=(ds,), name="chart-warm-up", daemon=True).start()
    yield


router = APIRouter(lifespan=lifespan)


# ---------------------------------------------------------------------------------------------
# errors


def error(status: int, error: str, detail: str, parameter: str | None = None, **extra: Any) -> JSONResponse:
    body = {"error": error, "parameter": parameter, "detail": detail, **extra}
    return JSONResponse(status_code=status, content=body)


def not_found(detail: str, parameter: str | None = None) -> JSONResponse:
    return error(404, "not found", detail, parameter)


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


def install_error_handlers(app: FastAPI) -> None:
    """Make every route's validation errors take the API's error shape."""
    app.add_exception_handler(RequestValidationError, validation_error)


# ---------------------------------------------------------------------------------------------
# caching


def etag_for(ds: Dataset, key: str) -> str:
    """A strong ETag: the aggregates' digest plus the normalised request (path and parameters)."""
    return f'"{ds.etag}-{hashlib.sha256(key.encode()).hexdigest()[:12]}"'


def not_modified(request: Request, etag: str) -> bool:
    inm = request.headers.get("if-none-match")
    if not inm:
        return False
    tags = {tag.strip().removeprefix("W/") for tag in inm.split(",")}
    return "*" in tags or etag in tags


def cached(request: Request, key: str, make: Callable[[], Any], *, media_type: str = "application/json",
           headers: dict[str, str] | None = None) -> Response:
    """An aggregates-derived response with ETag/Cache-Control, or 304 when the client has it."""
    ds: Dataset = request.app.state.dataset
    etag = etag_for(ds, key)
    h = {"ETag": etag, "Cache-Control": CACHE_CONTROL, **(headers or {})}
    if not_modified(request, etag):
        return Response(status_code=304, headers={"ETag": etag, "Cache-Control": CACHE_CONTROL})
    body = make()
    if isinstance(body, BaseModel):
        return JSONResponse(body.model_dump(mode="json", by_alias=True), headers=h)
    if isinstance(body, list) and body and isinstance(body[0], BaseModel):
        return JSONResponse([b.model_dump(mode="json", by_alias=True) for b in body], headers=h)
    if isinstance(body, bytes | str):
        return Response(body, media_type=media_type, headers=h)
    return JSONResponse(body, headers=h)


def _ds(request: Request) -> Dataset:
    return request.app.state.dataset


# ---------------------------------------------------------------------------------------------
# routes

TQuery = Annotated[float, Query(ge=0, le=1, allow_inf_nan=False, description=T_DESCRIPTION, examples=[0.3])]
OptionalT = Annotated[float | None, Query(ge=0, le=1, allow_inf_nan=False, description=T_DESCRIPTION)]


@router.get("/healthz", response_model=models.Health, tags=["meta"], summary="Liveness and the data loaded")
def healthz(request: Request) -> models.Health:
    ds = _ds(request)
    return models.Health(ok=True, rows=ds.manifest["rows"], etag=ds.etag, synthetic=ds.synthetic)


def stats_payload(ds: Dataset) -> models.Stats:
    manifest = dict(ds.manifest)
    # file names only: the server's directory layout is nobody's business
    manifest["inputs"] = [{**i, "path": PurePath(str(i.get("path", ""))).name} for i in manifest.get("inputs", [])]
    pairs: dict[str, int] = {}
    for r in ds.agg.get("languages", []):
        pairs[r["code"]] = pairs.get(r["code"], 0) + r["pairs"]
    sp = speakers()
    langs = [models.Language(code=c, name=language.language_name(c), pairs=n,
                             speakers=int(sp[c]["speakers"]) if c in sp else None)
             for c, n in sorted(pairs.items(), key=lambda kv: (-kv[1], kv[0]))]
    order = subset_order(ds)
    subsets = sorted(ds.subsets, key=lambda s: order.index(s["name"]))
    return models.Stats(
        manifest=models.Manifest(**manifest),
        total_pairs=ds.agg.get("total_pairs", ds.manifest.get("rows", 0)),
        subsets=[models.Subset(name=s["name"], rows=s["rows"], published_threshold=s.get("published_threshold"))
                 for s in subsets],
        sites=[models.Site(site=s["site"], domain=s["domain"], pairs=s["pairs"], share=s["share"])
               for s in ds.agg.get("sites", [])],
        languages=langs,
        near_threshold=models.NearThreshold(**ds.near_threshold),
        default_t=default_t(ds),
        min_t=lowest_similarity(ds),
        columns={c: ds.has(c) for c in ("similarity", "language", "punsafe", "pwatermark", "aesthetic",
                                        "width", "height")},
    )


@router.get("/api/stats", response_model=models.Stats, responses=ERRORS, tags=["data"],
            summary="The manifest and headline counts (sample rows; multiply by manifest.scale)")
def stats(request: Request) -> Response:
    return cached(request, "stats", lambda: stats_payload(_ds(request)))


@router.get("/api/threshold", response_model=models.Threshold, responses=ERRORS, tags=["data"],
            summary="Pairs kept and removed at threshold t, per subset, with the site and language mix")
def threshold(request: Request, t: TQuery) -> Response:
    ds = _ds(request)
    return cached(request, f"threshold:{bin_of(t)}", lambda: models.Threshold.model_validate(ds.threshold(t)))


def chart_list(ds: Dataset, t: float | None = None) -> list[models.ChartInfo]:
    q = f"?t={charts.check_t(t):.3f}" if t is not None else ""
    at = charts.check_t(t) if t is not None else default_t(ds)
    return [models.ChartInfo(
        id=c.id, title=c.title, step=c.step, live=c.live, needs=list(c.needs), description=c.describe(ds, at),
        embed_url=f"/embed/{c.id}{q}",
        downloads=models.Downloads(**{f: f"/charts/{c.id}.{f}{q}" for f in ("svg", "png", "csv", "json")}),
    ) for c in charts.available(ds)]


@router.get("/api/charts", response_model=list[models.ChartInfo], responses=ERRORS, tags=["charts"],
            summary="The charts this data can draw, with embed and download URLs")
def chart_index(request: Request, t: OptionalT = None) -> Response:
    ds = _ds(request)
    key = f"charts:{bin_of(t) if t is not None else ''}"
    return cached(request, key, lambda: chart_list(ds, t))


@router.get("/api/language", response_model=models.LanguageResult, responses=ERRORS, tags=["language"],
            summary="What CLD3 (LAION's detector) and lingua say about a caption")
def detect_language(
    text: Annotated[str, Query(max_length=language.MAX_CHARS,
                               description=f"An ALT text, up to {language.MAX_CHARS:,} characters")],
) -> Response:
    result = models.LanguageResult.model_validate(language.detect(text))
    # same text, same answer: let browsers keep it
    return JSONResponse(result.model_dump(mode="json"), headers={"Cache-Control": "public, max-age=86400"})


# ---------------------------------------------------------------------------------------------
# "is my site in it?"

DOMAIN_DESCRIPTION = "A registered domain (pinimg.com), a host (i.pinimg.com) or a URL-encoded URL"


@router.get("/api/domains/{domain:path}", response_model=models.DomainAnswer, responses={**ERRORS, **NOT_FOUND},
            tags=["domains"], summary="Pairs whose image URL is on a registered domain")
def domain_lookup(
    request: Request,
    domain: Annotated[str, Path(min_length=1, max_length=domains.MAX_QUERY, description=DOMAIN_DESCRIPTION)],
) -> Response:
    ds = _ds(request)
    registered, body = domain_answer(ds, domain)
    if body is None:
        shown = registered if registered == domain else f"{registered} (the registered domain of {domain!r})"
        return not_found(f"{shown} is not in this data", "domain")
    return cached(request, f"domain:{domain}", lambda: models.DomainAnswer.model_validate(body))


@router.get("/api/domains", response_model=models.DomainMatches, responses=ERRORS, tags=["domains"],
            summary="Registered domains starting with a prefix, biggest first")
def domain_search(
    request: Request,
    q: Annotated[str, Query(min_length=1, max_length=domains.MAX_QUERY,
                            description="Prefix (a leading www. is ignored)")],
    limit: Annotated[int, Query(ge=1, le=domains.MAX_LIMIT, description="How many matches")] = 10,
) -> Response:
    ds = _ds(request)
    prefix = domains.prefix_of(q)

    def make() -> models.DomainMatches:
        total = ds.agg.get("total_pairs", 0)
        matches = [models.DomainMatch(domain=m.domain, display=domains.display_domain(m.domain), pairs=m.pairs,
                                      rank=m.rank, share=m.pairs / total if total else 0.0, site=m.site)
                   for m in ds.domains.search(q, limit)]
        return models.DomainMatches(q=q, prefix=prefix, matches=matches, scale=ds.scale, synthetic=ds.synthetic)

    return cached(request, f"domains:{prefix}:{limit}", make)
