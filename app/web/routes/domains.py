"""'Is your site in it?': /api/domains/{domain} (one registered domain) and /api/domains?q= (prefix search),
answered from the domain index the server queries at request time (app/core/domains.py)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query
from fastapi.responses import Response

from app.core import domains
from app.core.figures import domain_answer
from app.web import errors, http, models
from app.web.deps import DatasetDep, WebDep
from app.web.http import Body, respond
from app.web.models import ERRORS, NOT_FOUND

DOMAIN_DESCRIPTION = "A registered domain (pinimg.com), a host (i.pinimg.com) or a URL-encoded URL"

router = APIRouter(tags=["domains"])


@router.get("/api/domains/{domain:path}", response_model=models.DomainAnswer, responses={**ERRORS, **NOT_FOUND},
            summary="Pairs whose image URL is on a registered domain")
def domain_lookup(
    ds: DatasetDep,
    domain: Annotated[str, Path(min_length=1, max_length=domains.MAX_QUERY, description=DOMAIN_DESCRIPTION)],
) -> Response:
    registered, answer = domain_answer(ds, domain)
    if answer is None:
        shown = registered if registered == domain else f"{registered} (the registered domain of {domain!r})"
        return errors.not_found(f"{shown} is not in this data", "domain")
    return respond(Body.json(models.DomainAnswer.model_validate(answer)), http.DATA)


@router.get("/api/domains", response_model=models.DomainMatches, responses=ERRORS,
            summary="Registered domains starting with a prefix, biggest first")
def domain_search(
    web: WebDep,
    q: Annotated[str, Query(min_length=1, max_length=domains.MAX_QUERY,
                            description="Prefix (a leading www. is ignored)")],
    limit: Annotated[int, Query(ge=1, le=domains.MAX_LIMIT, description="How many matches")] = 10,
) -> Response:
    ds = web.ds
    prefix = domains.prefix_of(q)

    def make() -> Body:
        total = ds.aggregates.total_pairs
        matches = [models.DomainMatch(domain=m.domain, display=domains.display_domain(m.domain), pairs=m.pairs,
                                      rank=m.rank, share=m.pairs / total if total else 0.0, site=m.site)
                   for m in ds.domains.search(q, limit)]
        return Body.json(models.DomainMatches(q=q, prefix=prefix, matches=matches, scale=ds.scale,
                                              synthetic=ds.synthetic))

    # keyed by what was typed: the answer echoes q (the matches depend on the prefix alone)
    return respond(web.body(("domains", q, limit), make), http.DATA)
