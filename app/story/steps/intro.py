"""Steps 1 and 2, the dataset and where its pairs come from: their numbers, wired into
prose/opening.txt and prose/sources.txt."""

from __future__ import annotations

from typing import Any

from app.core import format as fmt
from app.core.dataset import Dataset
from app.core.figures import is_essays_data, site
from app.story import loader, site_search
from app.story.model import Block, Step
from app.story.numbers import Numbers
from app.story.steps.common import subset_rows
from precompute.contract.models import OTHER_SITE
from precompute.contract.reference import essay_wording, figure

NAMED_SITES = ("Pinterest", "Shopify", "SlidePlayer")
SAMPLE_GROUPS = (*NAMED_SITES, OTHER_SITE)  # caption samples by site, the rest of the web last
SAMPLES_PER_GROUP = 5


def opening(ds: Dataset, n: Numbers) -> Step:
    m = ds.manifest
    subsets = subset_rows(ds)
    listed = [{"name": name, "rows": n.pairs(rows, f"aggregates: similarity histogram of {name}")}
              for name, rows in subsets.items()]
    # the replica's total is its own estimate; real metadata quotes the published size
    total = (n.pairs(sum(subsets.values()), "aggregates: rows over all subsets") if ds.synthetic
             else n.ref("total_pairs"))
    values: dict[str, Any] = {
        "total": total, "cc_sites": n.ref("cc_sites"), "subsets": listed,
        "subset_count": n.raw(fmt.words(len(subsets)), len(subsets), "manifest.json subsets"),
        "synthetic": ds.synthetic, "dataset": m.dataset,
        "rows": n.raw(fmt.count(m.rows), m.rows, "manifest.json rows"),
    }
    if ds.synthetic:
        values["scale"] = n.raw(fmt.count(ds.scale), ds.scale, "manifest.json scale")
    else:
        values["files"] = n.raw(fmt.count(len(m.inputs)), len(m.inputs), "manifest.json inputs")
        values["one_file"] = len(m.inputs) == 1
    return loader.step("opening", values)


def _named_site(n: Numbers, ds: Dataset, name: str, share: bool = True, one_in: bool = False) -> dict[str, Any] | None:
    """A named site's numbers for prose (only those the prose gives), None when the data has none of it."""
    row = site(ds, name)
    if row is None or not row.pairs:
        return None
    out = {"pairs": n.pairs(row.pairs, f"aggregates: sites[{name}].pairs")}
    if share:
        out["share"] = n.pct(row.share, f"aggregates: sites[{name}].share")
    if one_in:
        out["one_in"] = n.raw(fmt.every(row.share), row.share, f"1 / sites[{name}].share")
        # on the essay's own data, what the essay wrote for it (it rounds 1 in 37.7 to one in forty), and
        # whether this data's share rounds the same way
        out["essay"] = essay_wording()["pinterest_one_in"]["essay_wrote"] if is_essays_data(ds) else None
        essays_share = figure("pinterest_pairs") / figure("total_pairs")
        out["essay_same"] = fmt.one_in(essays_share) == fmt.one_in(row.share)
    return out


def _sample_groups(ds: Dataset) -> list[dict[str, Any]]:
    samples = ds.aggregates.samples.sites
    groups = []
    for name in SAMPLE_GROUPS:
        if samples.get(name):
            row = site(ds, name)
            groups.append({"site": name, "domain": row.domain if row else "",
                           "captions": [{"text": s.text, "domain": s.domain}
                                        for s in samples[name][:SAMPLES_PER_GROUP]]})
    return groups


def sources(ds: Dataset, n: Numbers) -> Step:
    pin = _named_site(n, ds, "Pinterest", one_in=True)
    shop = _named_site(n, ds, "Shopify")
    slides = _named_site(n, ds, "SlidePlayer", share=False)
    groups = _sample_groups(ds)
    web_alt_share = n.ref("web_alt_share", lambda v: fmt.percent(v, 0))
    search = site_search.block_data(ds)
    domains = n.raw(fmt.count(search["domains"]), search["domains"], "domain index: rows of domains.parquet")
    hosts = search["hosts"]
    values = {
        "pin": pin, "shop": shop, "slides": slides, "web_alt_share": web_alt_share, "domains": domains,
        "hosts": n.raw(fmt.count(hosts), hosts, "manifest: domains.distinct_hosts") if hosts else None,
        "search_title": site_search.TITLE,
        # samples are shown only when a score (punsafe, or LAION-400M's NSFW tag) says they are safe
        "samples": bool(groups), "screened": ds.has("punsafe") or bool(groups), "synthetic": ds.synthetic,
    }
    blocks = {"samples": Block("samples", data={"groups": groups}) if groups else None,
              "site_search": Block("site_search", data=search)}
    return loader.step("sources", values, blocks)
