"""Step 5, the great divide of languages: its numbers, wired into prose/divide.txt."""

from __future__ import annotations

from typing import Any

from app.core import format as fmt
from app.core.dataset import Dataset
from app.core.figures import LAION_ORDER, is_essays_data, language_pairs
from app.core.languages import language_name
from app.story import loader
from app.story.model import Block, Step
from app.story.numbers import Numbers
from app.story.steps.common import chart_table, drawable, subset_rows
from precompute.contract.reference import essay_wording, speakers

# real-looking ALT texts CLD3 mislabels (tests/story/test_pages.py re-runs gcld3 on each to keep this honest)
CLD3_EXAMPLES = (
    "Men's Linen Shirt Navy",
    "Vintage Leather Messenger Bag Brown Canvas",
    "Crochet Bucket Hat Pattern Free",
    "Heart Shaped Sunnies - Chynna Dolls Swimwear",
    "Kawaii Bunny Plushie Pillow",
    "Tiki Bar Backyard Ideas",
)
COMPARED = ("en", "ru", "fr", "sw")  # the essay's per-speaker comparison
RANKED = 3  # the commonest labels after English that the prose names
LB_SAMPLES = 5
# below this, "N captions per speaker" would round a ratio such as 0.95 up to one caption each:
# the prose says "one caption for every N speakers" instead
PER_SPEAKER_MIN = 0.75


def _ratio(n: Numbers, ds: Dataset, code: str, ratio: float) -> dict[str, Any]:
    src = f"languages[{code}].pairs{' × scale' if ds.synthetic else ''} / speakers.csv {code}"
    if ratio >= PER_SPEAKER_MIN:
        return {"per_speaker": True, "ratio": n.raw(fmt.ratio(ratio), ratio, src)}
    return {"per_speaker": False, "ratio": n.raw(fmt.count(1 / ratio), 1 / ratio, src)}


def _luxembourgish(n: Numbers, pairs: int, per_speaker: float) -> dict[str, Any]:
    people = float(speakers()["lb"]["speakers"])
    return {
        "speakers": n.raw(fmt.count(people), people, "speakers.csv lb"),
        "pairs": n.pairs(pairs, "aggregates: languages[lb].pairs"),
        # below one caption per speaker the prose says "one for every N speakers", as for the other languages
        "per_speaker": n.raw(fmt.ratio(per_speaker), per_speaker, "languages[lb].pairs × scale / speakers.csv lb")
        if per_speaker >= PER_SPEAKER_MIN else None,
        "speakers_per": n.raw(fmt.count(1 / per_speaker), 1 / per_speaker,
                              "speakers.csv lb / (languages[lb].pairs × scale)") if 0 < per_speaker < PER_SPEAKER_MIN
        else None,
        "cc_pages": n.ref("lb_cc_pages", fmt.count),
        "cc_ratio": n.ref("lb_cc_pages_ratio", fmt.count),
    }


def _check(n: Numbers, ds: Dataset) -> dict[str, Any] | None:
    """The build's own check of the labels: CLD3 rerun and lingua on a fixed sample per label."""
    check = ds.aggregates.language_check
    labels = {r.code: r for r in check.labels}
    if not labels:
        return None
    out: dict[str, Any] = {"per_label": n.raw(fmt.count(check.per_label), check.per_label, "language_check.per_label"),
                           "lingua_top": None}
    lb = labels.get("lb")
    if lb and not lb.lingua_knows and lb.lingua_top:
        top = lb.lingua_top[0]
        out["lingua_top"] = {"language": language_name(top.code),
                             "share": n.pct(top.share, "language_check.labels[lb].lingua_top[0].share", digits=0)}
    return out


def _kind(ds: Dataset, known: dict[str, int]) -> str:
    if any(s.name in LAION_ORDER for s in ds.subsets):
        return "split"
    return "english" if set(known) == {"en"} else "none"


def divide(ds: Dataset, n: Numbers) -> Step:
    known = {c: p for c, p in language_pairs(ds).items() if c not in ("und", "")}
    values: dict[str, Any] = {
        "subsets": [{"name": name, "rows": n.pairs(rows, f"aggregates: similarity histogram of {name}")}
                    for name, rows in subset_rows(ds).items()],
        "cld3_languages": n.ref("cld3_languages", fmt.count),
        "ranked": [language_name(c) for c in sorted((c for c in known if c != "en"), key=lambda c: -known[c])[:RANKED]],
        "synthetic": ds.synthetic, "dataset": ds.manifest.dataset,
        # how the data stands to LAION's split: "split" (LAION's subsets, all three or some), "english"
        # (English by construction: COYO, LAION-Aesthetics) or "none" (no language labels at all)
        "kind": _kind(ds, known),
        "partial": 0 < len([s for s in ds.subsets if s.name in LAION_ORDER]) < len(LAION_ORDER),
        "labelled": bool(known),
        "mix": "language_mix" in drawable(ds),
    }
    per_speaker = {r["code"]: r for r in chart_table(ds, "languages", n.cut)}
    compare = [c for c in COMPARED if c in per_speaker]
    values["compare"] = [{"language": per_speaker[c]["language"],
                          **_ratio(n, ds, c, per_speaker[c]["captions_per_speaker"])}
                         for c in compare] if len(compare) >= 2 else []
    lb = known.get("lb")
    values["lb"] = (_luxembourgish(n, lb, per_speaker["lb"]["captions_per_speaker"])
                    if lb and "lb" in per_speaker else None)
    essays = is_essays_data(ds)
    if values["lb"]:  # the essay's sentence says "images" where its 114 is per speaker (essay_wording.csv)
        values["lb"]["essay"] = essay_wording()["lb_per_speaker"]["essay_wrote"] if essays else None
    values["check"] = _check(n, ds)
    # the essay: English outweighs every other language put together (computed here), while only about
    # 45% of Common Crawl's sites are English (its reference figure)
    others = sum(p for c, p in known.items() if c != "en")
    values["english"] = {"pairs": n.pairs(known["en"], "aggregates: languages[en].pairs"),
                         "others": n.pairs(others, "aggregates: languages other than en and und, summed"),
                         "more": known["en"] > others, "same": known["en"] == others,
                         "languages": n.raw(fmt.count(len(known) - 1), len(known) - 1,
                                            "aggregates: labelled languages other than en and und"),
                         # the essay sets English against "107 languages", CLD3's number of classes
                         "essay": essay_wording()["cld3_combined"]["essay_wrote"] if essays else None,
                         "cc_share": n.ref("cc_english_share", lambda v: fmt.percent(v, 0))
                         } if known.get("en") and others else None
    has_en = values["mix"] and any(r["code"] == "en" for r in n.stats["languages"])
    values["t"] = n.live("t", "at_cut") if values["mix"] else None
    values["en_share"] = n.live("lang_share.en", "percent") if has_en else None
    lb_samples = [{"text": s.text, "domain": s.domain}
                  for s in ds.aggregates.samples.languages.get("lb", [])[:LB_SAMPLES]]
    blocks = {
        "lb_samples": Block("samples", data={"groups": [{"site": "", "domain": "", "captions": lb_samples}]})
        if lb_samples else None,
        "cld3": Block("cld3", data={"examples": list(CLD3_EXAMPLES)}),
    }
    return loader.step("divide", values, blocks)
