"""Dependencies the routes share: the app's Web (dataset, settings, caches), the dataset, the threshold query.

Async on purpose: they only read request state, and a sync dependency would cost every request a
hop to the worker threads.
"""

from __future__ import annotations

from typing import Annotated

import anyio
from fastapi import Depends, HTTPException, Query, Request
from fastapi.exceptions import RequestValidationError

from app.core.dataset import Dataset
from app.core.figures import default_cut
from app.core.threshold import MAX_D, Cut
from app.web.context import Web

T_DESCRIPTION = "CLIP similarity threshold in [0, 1] for every subset (snapped to the 0.001 grid)"
D_DESCRIPTION = (f"Offset mode: raise every subset's cut by d in [0, {MAX_D}] above its own published threshold "
                 "(snapped to the 0.001 grid); not with t")
TQuery = Annotated[float, Query(ge=0, le=1, allow_inf_nan=False, description=T_DESCRIPTION, examples=[0.3])]
OptionalT = Annotated[float | None, Query(ge=0, le=1, allow_inf_nan=False, description=T_DESCRIPTION)]
OptionalD = Annotated[float | None, Query(ge=0, le=MAX_D, allow_inf_nan=False, description=D_DESCRIPTION,
                                          examples=[0.01])]


def both_given() -> RequestValidationError:
    """t and d together name two positions: a 422 naming d (errors.py shapes it)."""
    return RequestValidationError([{"loc": ("query", "d"), "msg": "give t or d, not both", "type": "value_error"}])


def cut_of(t: float | None, d: float | None) -> Cut | None:
    """The cut a request names (None: none); 422 when it names two."""
    if t is not None and d is not None:
        raise both_given()
    if d is not None:
        return Cut(d=d)
    return Cut(t=t) if t is not None else None


async def get_web(request: Request) -> Web:
    return request.app.state.web


WebDep = Annotated[Web, Depends(get_web)]


async def get_dataset(web: WebDep) -> Dataset:
    return web.ds


DatasetDep = Annotated[Dataset, Depends(get_dataset)]


async def threshold(web: WebDep, t: OptionalT = None, d: OptionalD = None) -> Cut:
    """The request's cut (?t= or ?d=) on the 0.001 grid; the dataset's default when it names none."""
    return cut_of(t, d) or default_cut(web.ds)


Threshold = Annotated[Cut, Depends(threshold)]


async def optional_threshold(t: OptionalT = None, d: OptionalD = None) -> Cut | None:
    return cut_of(t, d)


OptionalCut = Annotated[Cut | None, Depends(optional_threshold)]


async def language_quota(request: Request, web: WebDep) -> None:
    """429 with Retry-After when this client address has sent its share of texts (app/web/language.py).
    Keyed by the connection's address, never by a header a client can write."""
    if request.url.path == "/" and not (request.query_params.get("text") or request.query_params.get("site")):
        return  # the story itself is a cached page: only the pages made for one input count
    client = request.client.host if request.client else "unknown"
    box = web.language
    wait = box.limiter.wait(client)
    if wait:
        await anyio.sleep(web.settings.shed_delay)  # see Settings.shed_delay
        raise HTTPException(429, f"at most {box.limiter.rate:g} texts a second per client ({box.limiter.burst} "
                                 f"at once); retry in {wait} s", headers={"Retry-After": str(wait)})
    wait = box.total.wait("all")
    if wait:
        await anyio.sleep(web.settings.shed_delay)
        raise HTTPException(503, f"the language box is busy; retry in {wait} s", headers={"Retry-After": str(wait)})


LanguageQuota = Depends(language_quota)
