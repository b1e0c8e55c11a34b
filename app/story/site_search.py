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
from precompute.contract.reference import removal_routes

TITLE = "Is your site in it?"
INVENTED_SUFFIX = ".test"  # every invented domain of the replica ends so (RFC 6761 reserves it)


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


MEANING = (
    "A match means this metadata lists image addresses on that domain, each with the ALT text that "
    "went with it. The dataset never held the pictures themselves, only links to them, and many of "
    "those links have stopped working since the crawl. No match means no image address in this data "
    "is on that domain; it does not mean the site was never crawled, nor that its pictures are in no "
    "other dataset."
)
REPLICA = (
    "This is the synthetic replica. Pinterest, Shopify and SlidePlayer are real domains here, with the "
    "counts the essay reports; every other domain is invented and ends in {suffix}, a suffix reserved so "
    "that it can never belong to a real website. Looking up your own site here therefore says nothing "
    "about LAION-5B: run the explainer on the real metadata for that."
)
REMOVAL = ("Being listed is not the same as being removable in one place. These are the routes the "
           "publishers themselves describe (pages checked on the date given):")


def block_data(ds: Dataset) -> dict[str, Any]:
    """What the search box needs beside the prose: sizes, examples, notes, removal routes."""
    top = ds.agg.get("domains", {}).get("top", [])
    examples = [r["domain"] for r in top if r.get("site") not in (None, "(other)")][:2]
    if len(top) > 20:  # one domain from the middle of the list, so an example is not always a giant
        examples.append(top[len(top) // 2]["domain"])
    return {
        "domains": ds.domains.rows,
        "hosts": ds.agg.get("domains", {}).get("distinct_hosts"),
        "examples": examples,
        "routes": [{"who": r["who"], "route": r["route"], "url": r["url"], "what": r["what"],
                    "checked": r["checked"]} for r in removal_routes()],
        "synthetic": ds.synthetic,
        "scale": ds.scale,
        "meaning": MEANING,
        "replica": REPLICA.format(suffix=INVENTED_SUFFIX) if ds.synthetic else None,
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
