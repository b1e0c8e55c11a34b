"""JSON API: stats, the threshold arithmetic, the chart list, live language detection, health.

Every aggregates-derived answer is a cached Body (its ETag is the hash of its bytes) with the DATA
Cache-Control; the HTTP layer answers revalidations with 304. Every invalid parameter, on every
route, answers 422 with {"error": "invalid parameter", "parameter": ..., "detail": ...}.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query
from fastapi.exceptions import RequestValidationError
from fastapi.responses import Response

from app.core import languages
from app.web import http, models
from app.web.deps import DatasetDep, LanguageQuota, OptionalCut, OptionalD, OptionalT, WebDep, cut_of
from app.web.http import Body, respond
from app.web.models import ERRORS, TOO_MANY
from app.web.views.figures import chart_list
from app.web.views.stats import stats

router = APIRouter()


@router.get("/healthz", response_model=models.Health, tags=["meta"], summary="Liveness and the data loaded")
async def healthz(ds: DatasetDep) -> models.Health:
    # async: answered on the event loop, never queued behind the worker threads or the render pool
    return models.Health(ok=True, rows=ds.manifest.rows, etag=ds.etag, synthetic=ds.synthetic)


@router.get("/api/stats", response_model=models.Stats, responses=ERRORS, tags=["data"],
            summary="The manifest and headline counts (sample rows; multiply by manifest.scale)")
def stats_route(web: WebDep) -> Response:
    return respond(web.body(("stats",), lambda: Body.json(stats(web.ds))), http.DATA)


@router.get("/api/threshold", response_model=models.Threshold, responses=ERRORS, tags=["data"],
            summary="Pairs kept and removed at threshold t (or with every published threshold raised by d), "
                    "per subset, with the site and language mix")
def threshold(web: WebDep, t: OptionalT = None, d: OptionalD = None) -> Response:
    cut = cut_of(t, d)
    if cut is None:  # the absolute mode needs its t; the default offset is not a silent answer here
        raise RequestValidationError([{"loc": ("query", "t"), "msg": "Field required: give t (or d)",
                                       "type": "missing"}])
    body = web.body(("threshold", cut), lambda: Body.json(models.Threshold.model_validate(web.ds.threshold(cut))))
    return respond(body, http.DATA)


@router.get("/api/charts", response_model=list[models.ChartInfo], responses=ERRORS, tags=["charts"],
            summary="The charts this data can draw, with embed and download URLs")
def chart_index(web: WebDep, cut: OptionalCut) -> Response:
    body = web.body(("charts", cut), lambda: Body.json([models.ChartInfo.model_validate(c)
                                                       for c in chart_list(web.ds, cut)]))
    return respond(body, http.DATA)


@router.get("/api/language", response_model=models.LanguageResult, responses={**ERRORS, **TOO_MANY},
            tags=["language"], summary="What CLD3 (LAION's detector) and lingua say about a caption",
            dependencies=[LanguageQuota])
def detect_language(
    web: WebDep,
    text: Annotated[str, Query(max_length=languages.MAX_CHARS,
                               description=f"An ALT text, up to {languages.MAX_CHARS:,} characters")],
) -> Response:
    found = web.language.detect(text)
    # same text, same answer whatever the data: let browsers keep it (not cached here: texts are endless)
    return respond(Body.json(models.LanguageResult.model_validate(found)), http.STABLE)
