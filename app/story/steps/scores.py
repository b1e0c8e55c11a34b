"""Steps 6 and 7, the aesthetic, watermark and unsafe scores: their numbers, wired into
prose/aesthetics.txt and prose/safety.txt."""

from __future__ import annotations

import re
from typing import Any

from app.core import format as fmt
from app.core.dataset import Dataset
from app.core.figures import hist_total
from app.core.threshold import bin_of
from app.story import loader
from app.story.model import Block, Num, Step
from app.story.numbers import Numbers
from app.story.steps.common import chart_table, subset_rows
from precompute.contract.reference import essay_figures, figure

SUBSET_COLUMNS = ["Aesthetic score at least", "Pairs here", "Published"]
# the essay figure that holds LAION's own line for each score column, in the prose's order
SAFETY_LINES = {"pwatermark": "watermark_threshold", "punsafe": "unsafe_threshold"}


def _top_reviewers(n: Numbers) -> Num:
    """How many reviewers the essay's 7.5M reviews are from: the cited figure's own definition ("top 50")."""
    fid = "aes_top50_reviews"
    m = re.search(r"top (\d+) reviewers", essay_figures()[fid]["quantity"])
    assert m, "essay_figures.csv aes_top50_reviews names how many reviewers it counts"
    k = int(m.group(1))
    return n.raw(fmt.count(k), k, f"reference: essay_figures.csv {fid} (its quantity: the top {k} reviewers)")


def aesthetics(ds: Dataset, n: Numbers) -> Step:
    rows: list[dict[str, str]] = []
    for r in chart_table(ds, "aesthetic", n.cut):  # the registry's cut-offs and published sizes
        if r["pairs"]:
            rows.append({"cut": fmt.score(r["cutoff"]),
                         "computed": n.pairs(r["pairs"], f"aggregates: aesthetic bins ≥ {r['cutoff']}").text,
                         "published": n.raw(fmt.compact(r["published_pairs"]), r["published_pairs"],
                                            "reference: essay_figures.csv (LAION-Aesthetics)").text})
    values = {
        "first": rows[0] if rows else None, "last": rows[-1] if rows else None,
        "synthetic": ds.synthetic, "sac_top": n.ref("aes_sac_top"),
        "sac_rated": n.ref("aes_sac_rated"), "ava_images": n.ref("aes_ava_images"), "logos": n.ref("aes_logos"),
        "top50_reviews": n.ref("aes_top50_reviews"), "top_reviewers": _top_reviewers(n),
        "with_location": n.ref("aes_reviewers_with_location", fmt.count),
        "weird_share": n.ref("aes_reviewers_weird_share", lambda v: fmt.percent(v, 0)),
    }
    table = {"columns": SUBSET_COLUMNS, "rows": [[r["cut"], r["computed"], r["published"]] for r in rows]}
    return loader.step("aesthetics", values, {"subsets": Block("table", data=table) if rows else None})


def safety(ds: Dataset, n: Numbers) -> Step:
    values: dict[str, Any] = {"watermark_line": n.ref("watermark_threshold", fmt.score),
                              "unsafe_line": n.ref("unsafe_threshold", fmt.score), "flagged": [], "absent": []}
    total = sum(subset_rows(ds).values())
    scores = {"pwatermark": ds.aggregates.pwatermark, "punsafe": ds.aggregates.punsafe}
    for column, fid in SAFETY_LINES.items():
        hists = scores[column]
        if not ds.has(column) or not sum(hist_total(h) for h in hists.values()):
            values["absent"].append(column)
            continue
        flagged = sum(hist_total(h, bin_of(figure(fid))) for h in hists.values())
        values["flagged"].append({
            "column": column, "pairs": n.pairs(flagged, f"aggregates: {column} bins ≥ {figure(fid)}"),
            "share": n.pct(flagged / total if total else 0, f"{column} flagged / all pairs")})
    ratio = figure("commonpool_pairs") / figure("total_pairs")
    values |= {"relaion": n.ref("relaion_pairs"), "commonpool": n.ref("commonpool_pairs"),
               "commonpool_ratio": n.raw(fmt.ratio(ratio), ratio, "commonpool_pairs / total_pairs")}
    return loader.step("safety", values)
