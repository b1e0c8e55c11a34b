"""Step 4, models all the way down: the stack of data, models and choices behind LAION-5B (chart "stack")."""

from __future__ import annotations

import math
import textwrap
from typing import Any

import altair as alt

from app.charts.aesthetics import cutoffs, scored_at_least
from app.charts.common import amount, fig, published_rules, source_sentence
from app.charts.theme import BLUE, GREEN, VERMILLION
from app.charts.width import narrow_test
from app.core import format as fmt
from app.core.dataset import Dataset
from app.core.figures import LAION_ORDER
from precompute.contract.reference import figure

DETAIL_CHARS = 34  # characters of a detail line in the chart: fits a 300 px box at 12 px
DETAIL_CHARS_WIDE = 26  # in each of the two columns of a slide
WIDE_VW = 420  # a box at least this wide, in units of its text, may take two columns (the page decides)
LEGEND_LINES = 2.5  # the legend's row with its padding, in lines of detail text


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


def _layout(rows: list[dict[str, Any]], suffix: str, columns: int) -> float:
    """Each box's top, title line, body and bottom in "line" units (one line of detail text), boxes
    stacked in `columns` columns (the first half left, spaced tighter); returns the height the tallest
    column needs."""
    pad, head, gap = (0.55, 1.35, 1.5) if columns == 1 else (0.45, 1.35, 1.0)
    per_column = math.ceil(len(rows) / columns)
    total = 0.0
    for start in range(0, len(rows), per_column):
        y = 0.0
        for r in rows[start:start + per_column]:
            r["top" + suffix] = y
            r["head" + suffix] = y + pad + head / 2
            r["body" + suffix] = y + pad + head
            r["bottom" + suffix] = r["body" + suffix] + r["lines" + suffix] + pad
            y = r["bottom" + suffix] + gap
            r["arrow_to" + suffix] = y - 0.15
            r["col" + suffix] = start // per_column
            total = max(total, r["bottom" + suffix])
    return total or 1


def stack_build(ds: Dataset, t: float) -> alt.TopLevelMixin:
    rows = stack_table(ds, t)
    for r in rows:  # the table keeps the lines as written; the chart's are short enough for a phone
        written = r["detail"].split("\n")
        for suffix, width in (("", DETAIL_CHARS), ("2", DETAIL_CHARS_WIDE)):
            lines = [part for line in written for part in balanced_lines(line, width)]
            r["detail" + suffix], r["lines" + suffix] = "\n".join(lines), len(lines)
    # one column; two where the page finds the box wide enough (explainer-core.js, from usermeta
    # two_columns): a slide's text can then be as big as the room needs, and the story's panel fits a laptop
    line_px = 16
    total, total2 = _layout(rows, "", 1), _layout(rows, "2", 2)
    turn = max(r["order"] for r in rows if r["col2"] == 0) if rows else 0  # the last box of the left column
    two_columns = alt.param(name="two_columns", value=False)
    wide = alt.param(name="wide", expr=f"two_columns && vw >= {WIDE_VW}")
    pick = {k: f"wide ? datum.{k}2 : datum.{k}" for k in ("top", "head", "body", "bottom", "arrow_to")}
    kinds = ["data", "model", "choice"]
    ys = alt.Scale(domain={"expr": f"wide ? [0, {total2}] : [0, {total}]"}, reverse=True, nice=False, zero=False)
    kind_scale = alt.Scale(domain=kinds, range=[BLUE, VERMILLION, GREEN])
    # x in pixels: a column's left edge and right edge (16 px between the columns)
    base = alt.Chart(alt.Data(values=rows)).transform_calculate(
        **{f"y_{k}": e for k, e in pick.items()}, y_detail="wide ? datum.detail2 : datum.detail",
        x0="wide ? datum.col2 * (width + 16) / 2 : 0",
        x1="wide ? datum.col2 * (width + 16) / 2 + (width - 16) / 2 : width")
    tip = [alt.Tooltip("layer:N", title="Layer"), alt.Tooltip("kind:N", title="Kind"),
           alt.Tooltip("detail:N", title="What")]
    box = base.mark_rect(cornerRadius=4, strokeWidth=2, fillOpacity=0.14).encode(
        x=alt.X("x0:Q", scale=None), x2="x1:Q",
        y=alt.Y("y_top:Q", scale=ys, axis=None), y2="y_bottom:Q",
        fill=alt.Fill("kind:N", title=None, scale=kind_scale,
                      # on a slide one row, so the boxes keep the height (the slide's text size needs it)
                      legend=alt.Legend(labelExpr="datum.label == 'choice' ? 'human choice' : datum.label",
                                        columns={"expr": f"wide ? 0 : ({narrow_test()} ? 1 : 0)"},
                                        labelFontSize=12)),
        stroke=alt.Stroke("kind:N", scale=kind_scale, legend=None),
        tooltip=tip,
    )
    # narrow screens: cut with an ellipsis rather than overflow
    limit = {"expr": "max((wide ? (width - 16) / 2 : width) - 20, 40)"}
    title = base.mark_text(align="left", baseline="middle", fontWeight="bold", fontSize=14, dx=10, limit=limit).encode(
        x=alt.X("x0:Q", scale=None), y=alt.Y("y_head:Q", scale=ys), text="layer:N")
    body = base.mark_text(align="left", baseline="top", fontSize=12, dx=10, lineBreak="\n", lineHeight=line_px,
                          limit=limit).encode(x=alt.X("x0:Q", scale=None), y=alt.Y("y_body:Q", scale=ys),
                                              text="y_detail:N")
    # arrows down each column (in two columns, none from the foot of the left one)
    links = base.transform_filter(f"datum.order < {len(rows) - 1} && !(wide && datum.order == {turn})")
    shafts = links.mark_rule(strokeWidth=2, xOffset=28).encode(
        x=alt.X("x0:Q", scale=None), y=alt.Y("y_bottom:Q", scale=ys), y2="y_arrow_to:Q")
    heads = links.mark_point(shape="triangle-down", size=70, style="ink", xOffset=28).encode(
        x=alt.X("x0:Q", scale=None), y=alt.Y("y_arrow_to:Q", scale=ys))
    # its text sets its height: a projector cannot draw it bigger than fits (explainer-core.js textSize)
    # two_columns: the least vw, the plot's height, and the height it needs with the legend's row
    return alt.layer(box, shafts, heads, title, body).add_params(two_columns, wide).properties(
        height=round(total * line_px),
        usermeta={"text_sets_height": True, "two_columns": {
            "min_vw": WIDE_VW, "height": round(total2 * line_px),
            "needs": round((total2 + LEGEND_LINES) * line_px)}})


def stack_describe(ds: Dataset, t: float) -> str:
    chain = " → ".join(r["summary"] for r in stack_table(ds, t))
    return f"Each layer was made by a model or a choice resting on the one before: {chain}.{source_sentence(ds)}"
