"""'Is your site in it?' on the page: the block's data, the answer as labelled facts, the removal routes.

The facts are one list of (label, text) pairs, rendered by Jinja for the no-JS page and by
static/js/site-search.js (siteFacts, a mirror of `facts` below) for the live box and the
static export; tests/browser compare the two renderings of the same domain.
"""

from __future__ import annotations

from typing import Any

from app.core import format as fmt
from app.core.dataset import Dataset
from app.core.figures import domain_answer
from app.story import loader
from app.story.model import plain
from precompute.contract.models import OTHER_SITE
from precompute.contract.reference import removal_routes

INVENTED_SUFFIX = ".test"  # every invented domain of the replica ends so (RFC 6761 reserves it)
_TEXTS = {k: "\n\n".join(plain(p) for p in v)
          for k, v in loader.texts("site_search", {"suffix": INVENTED_SUFFIX}).items()}  # prose/site_search.txt
TITLE = _TEXTS["title"]
MEANING = _TEXTS["meaning"]
REPLICA = _TEXTS["replica"]  # said on the replica only
REMOVAL = _TEXTS["removal"]


def facts(a: dict[str, Any], synthetic: bool, scale: int) -> list[tuple[str, str]]:
    """An answer of /api/domains/{domain} as the labelled lines the page shows."""
    pairs = fmt.pairs(a["pairs"], scale, synthetic)
    if synthetic:
        pairs += f" (estimate: {fmt.count(a['pairs'])} rows of the replica × {fmt.group(scale)})"
    out = [("Pairs", pairs),
           ("Rank", f"{fmt.count(a['rank'])} of {fmt.count(a['of'])} registered domains"),
           ("Share of all pairs", fmt.percent(a["share"], 3)),
           ("Hosts", f"{fmt.count(a['hosts'])} distinct host{'s' if a['hosts'] != 1 else ''} under this domain")]
    if a["subsets"]:
        out.append(("By subset", " · ".join(f"{s['name']} {fmt.pairs(s['pairs'], scale, synthetic)}"
                                            for s in a["subsets"])))
    if a.get("site"):
        out.append(("Named site", f"part of {a['site']}, one of the sites the essay singles out"))
    return out


def block_data(ds: Dataset) -> dict[str, Any]:
    """What the search box needs beside the prose: sizes, examples, notes, removal routes."""
    top = ds.aggregates.domains.top
    examples = [r.domain for r in top if r.site != OTHER_SITE][:2]
    if len(top) > 20:  # one domain from the middle of the list, so an example is not always a giant
        examples.append(top[len(top) // 2].domain)
    return {
        "domains": ds.domains.rows,
        "hosts": ds.aggregates.domains.distinct_hosts,
        "examples": examples,
        "routes": [{"who": r["who"], "route": r["route"], "url": r["url"], "what": r["what"],
                    "checked": r["checked"]} for r in removal_routes()],
        "synthetic": ds.synthetic,
        "scale": ds.scale,
        "meaning": MEANING,
        "replica": REPLICA if ds.synthetic else None,
        "removal": REMOVAL,
    }


def page_answer(ds: Dataset, query: str | None) -> dict[str, Any] | None:
    """The server-side answer for `/?site=...` (the no-JS path); None when nothing was asked."""
    if not query or not query.strip():
        return None
    domain, body = domain_answer(ds, query)
    if body is None:
        return {"query": query, "domain": domain, "found": False}
    return {"query": query, "domain": domain, "found": True, "display": body["display"],
            "facts": facts(body, ds.synthetic, ds.scale)}
