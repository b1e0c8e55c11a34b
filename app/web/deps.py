"""Dependencies the routes share: the app's Web (dataset, settings, caches), the dataset, the threshold query.

Async on purpose: they only read request state, and a sync dependency would cost every request a
hop to the worker threads.
"""

from __future__ import annotations

from typing import Annotated

import anyio
from fastapi import Depends, HTTPException, Query, Request

from app.core.dataset import Dataset
from app.core.figures import default_t, on_grid
from app.web.context import Web

T_DESCRIPTION = "CLIP similarity threshold in [0, 1] (snapped to the 0.001 grid)"
TQuery = Annotated[float, Query(ge=0, le=1, allow_inf_nan=False, description=T_DESCRIPTION, examples=[0.3])]
OptionalT = Annotated[float | None, Query(ge=0, le=1, allow_inf_nan=False, description=T_DESCRIPTION)]


async def get_web(request: Request) -> Web:
    return request.app.state.web


WebDep = Annotated[Web, Depends(get_web)]


async def get_dataset(web: WebDep) -> Dataset:
    return web.ds


DatasetDep = Annotated[Dataset, Depends(get_dataset)]


async def threshold(web: WebDep, t: OptionalT = None) -> float:
    """The request's threshold on the 0.001 grid; the dataset's default when it names none."""
    return on_grid(t if t is not None else default_t(web.ds))


Threshold = Annotated[float, Depends(threshold)]


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
