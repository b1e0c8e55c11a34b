"""Steps 3 and 4, the CLIP threshold and the stack of models: their numbers, wired into
prose/threshold.txt and prose/stack.txt."""

from __future__ import annotations

from typing import Any

from app.core import format as fmt
from app.core.dataset import Dataset
from app.core.figures import hist_total, site
from app.core.threshold import MAX_T, bin_of
from app.story import loader
from app.story.model import Block, Step
from app.story.numbers import Numbers
from app.story.steps.common import subset_rows

TOP_CAPTIONS = 6  # the highest-scoring captions shown


def threshold(ds: Dataset, n: Numbers) -> Step:
    if not ds.has("similarity"):  # the step says its data is absent, and makes no number
        return loader.step("threshold", {"scored": False}, {"top_captions": None})
    stats = n.stats
    pub = sorted({s["published_threshold"] for s in stats["subsets"] if s["published_threshold"] is not None},
                 reverse=True)
    near = ds.near_threshold
    above = sum(hist_total(h, bin_of(MAX_T)) for h in ds.aggregates.similarity.subsets.values())
    top = [{"text": s.text, "domain": s.domain, "similarity": fmt.threshold(s.similarity or 0)}
           for s in ds.aggregates.samples.top_similarity[:TOP_CAPTIONS]]
    source = "manifest.json published_threshold"
    values: dict[str, Any] = {
        "scored": True,
        "pub_high": n.raw(fmt.score(pub[0]), pub[0], source) if pub else None,
        "pub_low": n.raw(fmt.score(pub[-1]), pub[-1], source) if len(pub) >= 2 else None,
    }
    values["by_subset"] = [{"name": name, "removed": n.live(f"removed.{name}", "pairs")} for name in subset_rows(ds)]
    values["candidates"] = n.ref("candidates")
    values["near"] = {"share": n.pct(near["share"], "near_threshold(payload).share"),
                      "width": n.raw(fmt.score(near["width"]), near["width"], "near_threshold width"),
                      "pairs": n.pairs(near["pairs"], "near_threshold(payload).pairs")} if pub else None
    values |= {
        "above": n.pairs(above, "aggregates: similarity bins ≥ 0.5"),
        "max_t": n.raw(fmt.score(MAX_T), MAX_T, "app/core/threshold.py MAX_T"),
        "sim_above": n.ref("sim_above_0_5", fmt.count),
        "t": n.live("t", "threshold"), "removed": n.live("removed", "pairs"),
        "removed_share": n.live("removed_share", "percent"), "kept": n.live("kept", "pairs"),
        "step_width": n.raw(fmt.score(near["width"]), near["width"], "one step of 0.01"),
        "next_001": n.live("next_001", "pairs"),
    }
    in_mix = site(ds, "Pinterest") and any(r["site"] == "Pinterest" for r in stats["sites"])
    values["pin_share"] = n.live("site_share.Pinterest", "percent") if in_mix else None
    blocks = {"top_captions": Block("samples", data={"groups": [{"site": "", "domain": "", "captions": top}]})
              if top else None}
    return loader.step("threshold", values, blocks)


def stack(ds: Dataset, n: Numbers) -> Step:
    return loader.step("stack", {
        "cc_sites": n.ref("cc_sites"), "imagenet": n.ref("imagenet1k_images", fmt.count),
        "total": n.pairs(sum(subset_rows(ds).values()), "aggregates: rows over all subsets"),
        "synthetic": ds.synthetic, "dataset": ds.manifest.dataset,
    })
