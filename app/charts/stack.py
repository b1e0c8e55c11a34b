"""Step 4, models all the way down: the stack of data, models and choices behind LAION-5B (chart "stack")."""

from __future__ import annotations

import math
import textwrap
from typing import Any

import altair as alt

from app.charts.aesthetics import cutoffs, scored_at_least
from app.charts.common import amount, fig, published_rules, source_sentence
from app.charts.theme import BLUE, GREEN, VERMILLION
from app.core import format as fmt
from app.core.dataset import Dataset
from app.core.figures import LAION_ORDER
from precompute.contract.reference import figure

DETAIL_CHARS = 34  # characters of a detail line in the chart: fits a 300 px box at 12 px


def balanced_lines(line: str, width: int = DETAIL_CHARS) -> list[str]:
    """A line longer than `width` as the fewest lines of about equal length (no one-word orphan)."""
    if len(line) <= width:
        return [line]
    n = math.ceil(len(line) / width)
    for w in range(math.ceil(len(line) / n), width + 1):
        if len(parts := textwrap.wrap(line, w)) <= n:
            return parts
    return textwrap.wrap(line, width)


def _raters_lines() -> list[str]:
    """Who taught the aesthetic model, with the essay's counts."""
    sac, ava, logos = fig("aes_sac_rated"), fig("aes_ava_images"), fig("aes_logos")
    if not (sac and ava and logos):
        return ["picked by a model trained on a few raters' scores"]
    return ["picked by a model trained on ratings of",
            f"{fmt.count(sac)} SAC + {fmt.count(ava)} AVA images, {fmt.count(logos)} logos"]


def _aesthetics_line(ds: Dataset) -> str:
    cut = cutoffs()
    if not cut:
        return "subsets picked by predicted beauty"
    fid, c = cut[0]
    if ds.has("aesthetic") and ds.aggregates.aesthetic:
        return f"{amount(ds, scored_at_least(ds, c) * ds.scale)} pairs scored {fmt.score(c)} or more"
    return f"{fmt.compact(figure(fid))} pairs scored {fmt.score(c)} or more (published)"


def _is_laion5b(ds: Dataset) -> bool:
    """Whether the data is LAION-5B's (or its replica's): the candidates, the cut's tuning and the language
    split of the essay's chain are LAION-5B's, and another dataset's layer must not claim them."""
    dataset = ds.manifest.dataset or ""
    return ds.synthetic or "LAION-5B" in dataset or "LAION-Aesthetics" in dataset


def _split_line(ds: Dataset) -> str | None:
    """How the data was split by language, in a few words (None: it was not, or the data cannot say)."""
    names = {s.name for s in ds.subsets}
    if names & set(LAION_ORDER):
        return "split by language by a detector (CLD3)"
    if ds.manifest.profile == "coyo":
        return "English captions only, chosen by CLD3"
    return None


def stack_table(ds: Dataset, t: float) -> list[dict[str, Any]]:
    rows = (ds.aggregates.total_pairs or ds.manifest.rows) * ds.scale
    laion = _is_laion5b(ds)
    cands, cc_sites, inet = fig("candidates") if laion else None, fig("cc_sites"), fig("imagenet1k_images")
    # the share of the candidates dropped is LAION-5B's: the replica's estimate, or the published size (a
    # build over a few files of the real metadata holds a sample of it, not what the cut kept)
    kept = rows if ds.synthetic else fig("total_pairs")
    thresholds = [f"{fmt.score(r['threshold'])} for {', '.join(r['subsets'])}" for r in published_rules(ds)]
    imagenet = "ImageNet-1K" + (f" ({fmt.count(inet)} labelled images)" if inet else "")
    dataset = ds.manifest.dataset or "LAION-5B"
    dropped = bool(cands and kept and kept < cands)
    split = _split_line(ds)
    tuned = ["picked by training on LAION and testing on", imagenet] if laion else []
    cut = ("keep a pair if it scores at least" if thresholds else "a CLIP score each pair carries;")
    # short lines (the chart may be 300 px wide); each layer's detail is one line per item
    layers: list[tuple[str, str, list[str], str]] = [
        ("Common Crawl", "data",
         [f"a public crawl of more than {fmt.compact(cc_sites)} websites" if cc_sites else "a public crawl of the web",
          f"{fmt.compact(cands)}+ candidate images with ALT text" if cands else "candidate images with their ALT text"],
         "Common Crawl" + (f" ({fmt.compact(cands)}+ candidate images)" if cands else "")),
        ("CLIP ViT-B/32", "model",
         ["OpenAI's model, trained on undisclosed data,", "scores how well each ALT text fits its image"],
         "CLIP, trained by OpenAI on undisclosed data, scores each pair"),
        ("The similarity threshold", "choice",
         [cut, *(thresholds or ["no cut-off published with this data"]), *tuned],
         (f"a threshold ({'; '.join(thresholds)})" if thresholds else "no published threshold")
         + (f" picked by training on LAION and testing on {imagenet}" if laion else "")),
        (dataset, "data",
         [f"{amount(ds, rows)} pairs here" + ("," if dropped or split else ""),
          *([f"{fmt.percent(1 - kept / cands)} of the candidates dropped" + (";" if split else "")]
            if dropped else []),
          *([split] if split else [])],
         f"{dataset} ({amount(ds, rows)} pairs here" + (f", {split}" if split else "") + ")"),
        ("LAION-Aesthetics", "data", [_aesthetics_line(ds), *_raters_lines()],
         f"LAION-Aesthetics ({_aesthetics_line(ds)}, picked by a model trained on a few raters' scores)"),
        ("Image generators", "model",
         ["Stable Diffusion, Midjourney and others,", "trained or fine-tuned on these subsets"],
         "image generators trained or fine-tuned on these subsets"),
    ]
    return [{"order": i, "layer": name, "kind": kind, "detail": "\n".join(lines), "lines": len(lines),
             "summary": summary} for i, (name, kind, lines, summary) in enumerate(layers)]


def stack_build(ds: Dataset, t: float) -> alt.TopLevelMixin:
    rows = stack_table(ds, t)
    for r in rows:  # the table keeps the lines as written; the chart's are short enough for a phone
        lines = [part for line in r["detail"].split("\n") for part in balanced_lines(line)]
        r["detail"], r["lines"] = "\n".join(lines), len(lines)
    # vertical layout in "line" units (one line of detail text); boxes grow with their text
    line_px, pad, head, gap = 16, 0.55, 1.35, 1.5
    y = 0.0
    for r in rows:
        r["top"] = y
        r["head"] = y + pad + head / 2
        r["body"] = y + pad + head
        r["bottom"] = r["body"] + r["lines"] + pad
        y = r["bottom"] + gap
        r["arrow_to"] = y - 0.15
    total = rows[-1]["bottom"] if rows else 1
    kinds = ["data", "model", "choice"]
    ys = alt.Scale(domain=[0, total], reverse=True, nice=False, zero=False)
    kind_scale = alt.Scale(domain=kinds, range=[BLUE, VERMILLION, GREEN])
    base = alt.Chart(alt.Data(values=rows))
    tip = [alt.Tooltip("layer:N", title="Layer"), alt.Tooltip("kind:N", title="Kind"),
           alt.Tooltip("detail:N", title="What")]
    box = base.mark_rect(cornerRadius=4, strokeWidth=2, fillOpacity=0.14).encode(
        x=alt.value(0), x2=alt.value({"expr": "width"}),
        y=alt.Y("top:Q", scale=ys, axis=None), y2="bottom:Q",
        fill=alt.Fill("kind:N", title=None, scale=kind_scale,
                      legend=alt.Legend(labelExpr="datum.label == 'choice' ? 'human choice' : datum.label")),
        stroke=alt.Stroke("kind:N", scale=kind_scale, legend=None),
        tooltip=tip,
    )
    limit = {"expr": "max(width - 20, 40)"}  # narrow screens: cut with an ellipsis rather than overflow
    title = base.mark_text(align="left", baseline="middle", fontWeight="bold", fontSize=14, dx=10, limit=limit).encode(
        x=alt.value(0), y=alt.Y("head:Q", scale=ys), text="layer:N")
    body = base.mark_text(align="left", baseline="top", fontSize=12, dx=10, lineBreak="\n", lineHeight=line_px,
                          limit=limit).encode(x=alt.value(0), y=alt.Y("body:Q", scale=ys), text="detail:N")
    links = base.transform_filter(f"datum.order < {len(rows) - 1}")
    shafts = links.mark_rule(strokeWidth=2).encode(x=alt.value(28), y=alt.Y("bottom:Q", scale=ys), y2="arrow_to:Q")
    heads = links.mark_point(shape="triangle-down", size=70, style="ink").encode(
        x=alt.value(28), y=alt.Y("arrow_to:Q", scale=ys))
    # its text sets its height: a projector cannot draw it bigger than fits (explainer-core.js textSize)
    return alt.layer(box, shafts, heads, title, body).properties(height=round(total * line_px),
                                                                  usermeta={"text_sets_height": True})


def stack_describe(ds: Dataset, t: float) -> str:
    chain = " → ".join(r["summary"] for r in stack_table(ds, t))
    return f"Each layer was made by a model or a choice resting on the one before: {chain}.{source_sentence(ds)}"
