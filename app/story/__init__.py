"""The story as data: eight steps, each a list of beats (prose + the chart shown beside it).

The story page, the slides (/present) and the embeds all render these same steps, so no prose
lives in templates. Prose is a list of paragraphs; a paragraph is a tuple of segments: plain
strings, numbers (`Num`, live when they carry a `data-stat` key), links and emphasis. Templates
escape every string, so captions from the data (untrusted web text) are safe wherever they go.

Every number comes from the aggregates (`Dataset`) or from the cited reference tables in
precompute/reference (`figure`, `speakers`); each `Num` records which, and step 8 lists them.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from app import charts
from app.core import format as fmt
from app.core.dataset import Dataset
from app.core.figures import language_pairs, subset_order
from app.core.languages import language_name
from app.core.threshold import BINS_PER_UNIT, MAX_T, bin_of
from app.story import site_search
from precompute.contract.reference import essay_figures, figure, speakers

ESSAY_URL = "https://knowingmachines.org/models-all-the-way"
ESSAY_TITLE = "Models All The Way Down"
ESSAY_AUTHORS = "Christo Buschek and Jer Thorp"
ESSAY_PUBLISHER = "Knowing Machines"

SUBSET_LABELS = {
    "laion2B-en": "captions judged English",
    "laion2B-multi": "captions in other languages",
    "laion1B-nolang": "captions whose language the detector could not pin down",
}
# real-looking ALT texts CLD3 mislabels (tests/test_pages.py re-runs gcld3 on each to keep this honest)
CLD3_EXAMPLES = (
    "Men's Linen Shirt Navy",
    "Vintage Leather Messenger Bag Brown Canvas",
    "Crochet Bucket Hat Pattern Free",
    "Heart Shaped Sunnies - Chynna Dolls Swimwear",
    "Kawaii Bunny Plushie Pillow",
    "Tiki Bar Backyard Ideas",
)


# ---------------------------------------------------------------- segments, beats, steps


@dataclass(frozen=True)
class Num:
    """A number in prose. With `key`, the page marks it data-stat=key and the slider updates it."""

    text: str
    value: float | None = None
    key: str | None = None
    fmt: str | None = None  # pairs | percent | threshold: how explainer.js re-formats a live value
    source: str = ""
    kind: str = "num"


@dataclass(frozen=True)
class Link:
    text: str
    href: str
    kind: str = "link"


@dataclass(frozen=True)
class Em:
    text: str
    kind: str = "em"


Segment = str | Num | Link | Em
Paragraph = tuple[Segment, ...]


@dataclass(frozen=True)
class Block:
    """Structured content beside the prose: caption samples, the stack, the CLD3 box, tables."""

    kind: str
    title: str = ""
    data: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Beat:
    """A stretch of prose; while it is read, `chart` fills the sticky panel."""

    paragraphs: tuple[Paragraph | str, ...]
    chart: str | None = None
    blocks: tuple[Block, ...] = ()
    slider: bool = False  # the step's slider sits in this beat instead of sticking over the whole step

    def __post_init__(self) -> None:
        # a paragraph with no number may be written as a bare string: store it as a 1-tuple
        object.__setattr__(self, "paragraphs", tuple((p,) if isinstance(p, str) else p for p in self.paragraphs))


@dataclass(frozen=True)
class Step:
    id: str
    number: int
    title: str
    kicker: str
    beats: tuple[Beat, ...]
    slider: bool = False
    notes: tuple[str, ...] = ()  # speaker notes for /present
    missing: tuple[str, ...] = ()  # what this dataset cannot show, and why

    @property
    def paragraphs(self) -> list[Paragraph]:
        return [p for b in self.beats for p in b.paragraphs]

    @property
    def charts(self) -> list[str]:
        return [b.chart for b in self.beats if b.chart]

    @property
    def blocks(self) -> list[Block]:
        return [k for b in self.beats for k in b.blocks]

    def as_json(self) -> dict[str, Any]:
        d = dataclasses.asdict(self)
        d["charts"] = self.charts
        return d


def plain(p: Paragraph) -> str:
    """A paragraph as plain text (speaker notes, descriptions)."""
    return "".join(s if isinstance(s, str) else s.text for s in p)


# ---------------------------------------------------------------- numbers from the data


def stat_value(stats: dict[str, Any], key: str) -> float:
    """The value behind a data-stat key: 'removed', 'removed.laion2B-en', 'site_share.Pinterest'.

    explainer.js resolves keys the same way (statValue) over thresholdStats().
    """
    if "." not in key:
        return stats[key]
    name_field, name = key.split(".", 1)
    if name_field == "site_share":
        return next(r["share_kept"] for r in stats["sites"] if r["site"] == name)
    if name_field == "lang_share":
        return next(r["share_kept"] for r in stats["languages"] if r["code"] == name)
    return next(s[name_field] for s in stats["subsets"] if s["name"] == name)


def _hist_at_least(hist: dict[str, Any] | None, k: int) -> int:
    """Pairs of a dense histogram in bins k and above."""
    if not hist:
        return 0
    return sum(hist["counts"][max(0, k - hist["lo"]):])


def _hist_total(hist: dict[str, Any] | None) -> int:
    return sum(hist["counts"]) if hist else 0


class Numbers:
    """Formats the dataset's numbers for prose and remembers where each came from."""

    def __init__(self, ds: Dataset, t: float) -> None:
        self.ds = ds
        self.stats = ds.threshold(t)
        self.sources: dict[str, str] = {}

    def _note(self, num: Num) -> Num:
        if num.source:
            self.sources.setdefault(num.text if not num.key else num.key, num.source)
        return num

    def pairs(self, rows: float, source: str, key: str | None = None) -> Num:
        ds = self.ds
        how = f"{source} × scale {fmt.group(ds.scale)}" if ds.synthetic else source
        return self._note(Num(fmt.pairs(rows, ds.scale, ds.synthetic), rows, key, "pairs" if key else None, how))

    def pct(self, share: float, source: str, key: str | None = None, digits: int = 1) -> Num:
        return self._note(Num(fmt.percent(share, digits), share, key, "percent" if key else None, source))

    def live(self, key: str, kind: str) -> Num:
        """A number the slider updates: its value comes from threshold_stats at the page's t."""
        v = stat_value(self.stats, key)
        src = f"threshold arithmetic ({key}) at t"
        if kind == "pairs":
            return self.pairs(v, src, key)
        if kind == "percent":
            return self.pct(v, src, key)
        return Num(fmt.threshold(v), v, key, "threshold", src)

    def ref(self, fid: str, style: Callable[[float], str] = fmt.compact) -> Num:
        """A published figure from the cited reference table."""
        row = essay_figures()[fid]
        v = float(row["value"])
        return self._note(Num(style(v), v, source=f"reference: essay_figures.csv {fid} ({row['quantity']})"))

    def raw(self, text: str, value: float, source: str) -> Num:
        return self._note(Num(text, value, source=source))


# ---------------------------------------------------------------- aggregates helpers


def _site(ds: Dataset, name: str) -> dict[str, Any] | None:
    return next((s for s in ds.agg.get("sites", []) if s["site"] == name), None)


def _subset_rows(ds: Dataset) -> dict[str, int]:
    """Rows per subset in LAION's order (en, multi, nolang), as the charts list them."""
    rows = {s.name: s.rows for s in ds.subsets}
    return {name: rows[name] for name in subset_order(ds) if name in rows}


def _available_charts(ds: Dataset) -> set[str]:
    """Chart ids the registry can draw for this dataset."""
    return {c.id for c in charts.available(ds)}


def _chart_table(ds: Dataset, chart_id: str, t: float) -> list[dict[str, Any]]:
    """The rows behind a registry chart (shared numbers, computed once there), [] when unavailable."""
    return charts.table(ds, chart_id, t) if chart_id in _available_charts(ds) else []


def _subset_label(name: str) -> str:
    return SUBSET_LABELS.get(name, "pairs")


# ---------------------------------------------------------------- the eight steps


def build_steps(ds: Dataset, t: float) -> list[Step]:
    """The eight steps of DESIGN.md "The story", with numbers from `ds` and the threshold `t`."""
    n = Numbers(ds, t)
    steps = [_opening(ds, n), _sources(ds, n), _threshold(ds, n), _stack(ds, n), _divide(ds, n),
             _aesthetics(ds, n), _safety(ds, n)]
    steps.append(_method(ds, n))
    charts = _available_charts(ds)  # a chart the registry cannot draw here leaves its beat chartless
    return [dataclasses.replace(s, beats=tuple(
        dataclasses.replace(b, chart=b.chart if b.chart in charts else None) for b in s.beats)) for s in steps]


def _rows_sentence(ds: Dataset, n: Numbers) -> Paragraph:
    m = ds.manifest
    if ds.synthetic:
        return ("Every number on this page is computed by this project from dataset metadata. The copy "
                "you are reading runs on a ", Em("synthetic replica"), " of that metadata: ",
                n.raw(fmt.count(m["rows"]), m["rows"], "manifest.json rows"),
                " generated rows with LAION's own column names, each standing for ",
                n.raw(fmt.count(ds.scale), ds.scale, "manifest.json scale"),
                " real pairs, calibrated so that its totals land on the figures the essay published. "
                "Numbers marked ≈ are full-dataset estimates drawn from it, not counts.")
    return ("Every number on this page is counted by this project from ",
            n.raw(fmt.count(m["rows"]), m["rows"], "manifest.json rows"), " rows of real ",
            m.get("dataset", "dataset"), " metadata in ",
            n.raw(fmt.count(len(m.get("inputs", []))), len(m.get("inputs", [])), "manifest.json inputs"),
            " parquet files. Nothing is estimated: where the data lacks a column, the page says so.")


def _opening(ds: Dataset, n: Numbers) -> Step:
    subsets = _subset_rows(ds)
    total = sum(subsets.values())
    parts: list[Segment] = []
    for i, (name, rows) in enumerate(subsets.items()):
        if i:
            parts.append(" and " if i == len(subsets) - 1 else ", ")
        parts += [n.pairs(rows, f"aggregates: similarity histogram of {name}"),
                  f" {_subset_label(name)} ({name})"]
    beats = (
        Beat(paragraphs=(
            ("LAION-5B is not a folder of pictures. It is a list of ",
             n.pairs(total, "aggregates: rows over all subsets") if ds.synthetic else n.ref("total_pairs"),
             " web addresses of images, each paired with a snippet of text that appeared next to the "
             "image on some page, usually its ALT attribute: the short description a site adds for "
             "people who cannot see the picture. A German non-profit, LAION, pulled the pairs out of "
             "Common Crawl, a free archive that has visited more than ", n.ref("cc_sites"),
             " websites, and released them for anyone to train on. Stable Diffusion was one of the "
             "first image generators to do so."),
            ("No person looked at these pictures before they went in. At each stage, what was kept "
             "was decided by another machine-learning model: one that judged whether a caption fits "
             "its image, one that guessed the caption's language, one that predicted how beautiful "
             "the image is, and two more that flagged watermarks and nudity. This page follows those "
             "decisions one model at a time."),
        ), chart="subsets"),
        Beat(paragraphs=(
            ("The metadata comes in ",
             n.raw(fmt.words(len(subsets)), len(subsets), "manifest.json subsets"),
             " part: " if len(subsets) == 1 else " parts: ", *parts, "."),
            _rows_sentence(ds, n),
            ("This explainer retells ", Link(ESSAY_TITLE, ESSAY_URL), " by ", ESSAY_AUTHORS,
             " for ", ESSAY_PUBLISHER, ". The facts and figures are theirs; the words and the "
             "arithmetic here are ours. Read the original for the full argument."),
        )),
    )
    notes = (f"LAION-5B: {plain(beats[0].paragraphs[0][1:2])} image–text pairs from Common Crawl, no images.",
             "Stress: every inclusion decision was made by a model, not a person.",
             "Say whether the numbers are the synthetic replica or real metadata (see the badge).")
    return Step("opening", 1, "A dataset nobody looked at", "The dataset", beats, notes=notes)


def _sources(ds: Dataset, n: Numbers) -> Step:
    pin, shop, slides = _site(ds, "Pinterest"), _site(ds, "Shopify"), _site(ds, "SlidePlayer")
    src = "aggregates: sites[{}].pairs"
    lead: list[Segment] = []
    if pin and pin["pairs"]:
        lead += ["The biggest single source is Pinterest, with ", n.pairs(pin["pairs"], src.format("Pinterest")),
                 " pairs: ", n.pct(pin["share"], "aggregates: sites[Pinterest].share"), " of the whole, "
                 "roughly ", n.raw(fmt.one_in(pin["share"]), pin["share"], "1 / sites[Pinterest].share"),
                 ". "]
    if shop and shop["pairs"]:
        lead += ["Shopify's web shops add ", n.pairs(shop["pairs"], src.format("Shopify")), " (",
                 n.pct(shop["share"], "aggregates: sites[Shopify].share"), ")"]
    if slides and slides["pairs"]:
        lead += [", and SlidePlayer, a site where people upload slide decks, another ",
                 n.pairs(slides["pairs"], src.format("SlidePlayer")), "."]
    elif lead:
        lead.append(".")
    if not lead:
        lead = ["None of the pairs in this data come from Pinterest, Shopify or SlidePlayer, the three "
                "sites the essay singles out."]
    samples = ds.agg.get("samples", {}).get("sites", {})
    groups = [{"site": site, "domain": (_site(ds, site) or {}).get("domain", ""),
               "captions": [{"text": s["text"], "domain": s["domain"]} for s in samples.get(site, [])[:5]]}
              for site in ("Pinterest", "Shopify", "SlidePlayer", "(other)") if samples.get(site)]
    beats = (
        Beat(paragraphs=(
            ("An image only gets into LAION-5B if the page showing it also describes it in an ALT "
             "attribute. Most of the web does not bother: across all sites, fewer than ",
             n.ref("web_alt_share", lambda v: fmt.percent(v, 0)), " of images carry one. So the dataset leans "
             "towards the places that fill in ALT text as a matter of routine."),
            tuple(lead),
        ), chart="sites"),
        Beat(paragraphs=(
            ("Each of these sites writes ALT text for its own purposes, and none of them is describing "
             "a picture for a reader. Shop platforms fill it with the product title, tuned for search "
             "engines and heavy with brand names and keywords. Pins carry whatever their saver typed, "
             "or the title of the page they were saved from. SlidePlayer pastes the words on each "
             "slide into the attribute, so the caption is the text inside the image."),
            ("Below are captions drawn at random from the data, with the domain that hosted each "
             "image. The images themselves are never shown or linked here."),
        ), blocks=(Block("samples", "Sample captions by site", {"groups": groups}),) if groups else ()),
    )
    beats += (_site_search_beat(ds, n),)
    notes = (plain(tuple(lead)), "Point at the sample captions: product titles, pin text, slide text.",
             "Invite the room to look up a site they know in the box under the captions.")
    return Step("sources", 2, "Where the pairs come from", "Sources", beats, notes=notes)


def _site_search_beat(ds: Dataset, n: Numbers) -> Beat:
    data = site_search.block_data(ds)
    count = n.raw(fmt.count(data["domains"]), data["domains"], "domain index: rows of domains.parquet")
    lead: list[Segment] = [
        "The sites above are only the head of a very long list. Every registered domain in this data can "
        "be looked up here, down to those with a single pair: ", count, " of them"]
    if data["hosts"]:
        lead += [", spread over ", n.raw(fmt.count(data["hosts"]), data["hosts"],
                                         "manifest: domains.distinct_hosts"), " distinct host names"]
    lead.append(". Type a domain, a host name or a whole image address.")
    return Beat(paragraphs=(tuple(lead),), blocks=(Block("site_search", site_search.TITLE, data),))


def _threshold(ds: Dataset, n: Numbers) -> Step:
    stats = n.stats
    subs = stats["subsets"]
    pub = sorted({s["published_threshold"] for s in subs if s["published_threshold"] is not None}, reverse=True)
    near = ds.near_threshold
    sim = ds.agg["similarity"]["subsets"]
    top_k = bin_of(MAX_T)
    above = sum(_hist_at_least(h, top_k) for h in sim.values())
    top = ds.agg.get("samples", {}).get("top_similarity", [])
    top_caps = [{"text": s["text"], "domain": s["domain"], "similarity": fmt.threshold(s.get("similarity") or 0)}
                for s in top[:6]]
    cut: list[Segment] = []
    if len(pub) >= 2:
        cut = ["Pairs went in only if they scored at least ", n.raw(fmt.score(pub[0]), pub[0],
               "manifest.json published_threshold"), " for English captions, or ",
               n.raw(fmt.score(pub[-1]), pub[-1], "manifest.json published_threshold"),
               " for the rest, which a multilingual version of CLIP scored."]
    elif pub:
        cut = ["Pairs went in only if they scored at least ", n.raw(fmt.score(pub[0]), pub[0],
               "manifest.json published_threshold"), "."]
    per_subset: list[Segment] = []
    for i, name in enumerate(_subset_rows(ds)):
        per_subset += ["; " if i else "", n.live(f"removed.{name}", "pairs"), f" from {name}"]
    beats = (
        Beat(paragraphs=(
            ("To decide whether a caption fits its picture, LAION asked CLIP, an OpenAI model that "
             "turns images and text into points in one shared space and measures how close the two "
             "land. The measure is a cosine similarity. Out of more than ", n.ref("candidates"),
             " candidate pairs pulled from Common Crawl, most were dropped on this one score. ",
             *cut),
            ("The cut falls where the crowd is thickest. ", n.pct(near["share"], "near_threshold(payload).share"),
             " of all pairs sit within ", n.raw(fmt.score(near["width"]), near["width"], "near_threshold width"),
             " of their subset's threshold: ", n.pairs(near["pairs"], "near_threshold(payload).pairs"),
             " pairs that a barely stricter rule would have thrown out.") if pub else
            ("This data comes with no published CLIP threshold of its own, so how crowded the scores are "
             "just above one cannot be said; the slider below still shows what any cut would remove.",),
        ), chart="similarity"),
        Beat(paragraphs=(
            ("At the top end, almost nobody. Only ", n.pairs(above, "aggregates: similarity bins ≥ 0.5"),
             " pairs score ", n.raw(fmt.score(MAX_T), MAX_T, "app/core/threshold.py MAX_T"), " or more; the essay "
             "counted ", n.ref("sim_above_0_5", fmt.count), ". The best-matched pairs are rarely the "
             "clearest photographs. They are mostly images with their own caption printed on them: "
             "posters, book covers, slides, memes. CLIP can read, so it scores a picture of a phrase "
             "as the best possible description of that phrase."),
        ), chart="similarity", blocks=(Block("samples", "Some of the highest-scoring captions",
                                            {"groups": [{"site": "", "domain": "", "captions": top_caps}]}),)
           if top_caps else ()),
        Beat(paragraphs=(
            ("Move the threshold and see what one number does. The slider applies a single cut to "
             "every subset", *((", so at the lowest published threshold, ",
                                n.raw(fmt.score(pub[-1]), pub[-1], "manifest.json published_threshold"),
                                ", it removes nothing, and every step up removes pairs that were let in")
                               if pub else ()),
             ". At ", n.live("t", "threshold"), ", ", n.live("removed", "pairs"),
             " pairs that the published thresholds let in would be removed, ",
             n.live("removed_share", "percent"), " of the dataset, leaving ", n.live("kept", "pairs"), "."),
            ("By subset: ", *per_subset, "."),
            ("Raising it by another ", n.raw(fmt.score(near["width"]), near["width"], "one step of 0.01"),
             " would remove ", n.live("next_001", "pairs"), " more."),
        ), chart="removed"),
        Beat(paragraphs=(
            ("Note what the slider never consults: the pictures. Each pair stays or goes on one "
             "score from one model. Whether an image shows a cat, a sofa or a slide full of words "
             "makes no difference of its own; only the number does. And because some sites write "
             "captions that CLIP likes better than others, the cut also reshapes where the "
             "remaining pairs come from."),
            *((("At this threshold, Pinterest accounts for ", n.live("site_share.Pinterest", "percent"),
                " of what remains."),) if _site(ds, "Pinterest") and any(
                r["site"] == "Pinterest" for r in stats["sites"]) else ()),
        ), chart="site_mix"),
    )
    notes = ("CLIP similarity: one number per pair; the published cut is the whole filter.",
             f"{plain(beats[0].paragraphs[1])}",
             "Drag the slider live: watch the removed count and the site mix.",
             "Top pairs are mostly images of text: CLIP reads.")
    return Step("threshold", 3, "One number decides", "The threshold", beats, slider=True, notes=notes)


def _stack(ds: Dataset, n: Numbers) -> Step:
    total = sum(_subset_rows(ds).values())
    beats = (
        Beat(paragraphs=(
            ("Every filter in this story is a model, and every model was trained on some earlier "
             "dataset that something else had filtered. Followed from the crawl to the generator, "
             "the chain runs like this. Common Crawl's archive of more than ", n.ref("cc_sites"),
             " websites supplies the candidates. CLIP, trained by OpenAI on image–text pairs it has "
             "never disclosed, scores each one. The cut-off on that score was chosen by training "
             "small models on LAION samples and testing them on ImageNet-1K, a hand-labelled "
             "benchmark of ", n.ref("imagenet1k_images", fmt.count), " training images from an "
             "earlier era of computer vision. What passes becomes LAION-5B's ",
             n.pairs(total, "aggregates: rows over all subsets"), " pairs; an aesthetics model "
             "picks LAION-Aesthetics out of those, and image generators learn from the result."),
        ), chart="stack"),
        Beat(paragraphs=(
            ("So who decided what a good caption looks like? A model trained on data no outsider has "
             "seen, with its cut-off tuned against an old benchmark. The judgement was handed to a "
             "model, and that model's own training had been handed down the same way: models all the "
             "way down."),
        ), chart="stack"),
    )
    notes = ("Walk the stack from Common Crawl to the image generator.",
             "Each layer inherits the blind spots of the one it was trained on.")
    return Step("stack", 4, "Models on models", "The stack", beats, notes=notes)


def _divide(ds: Dataset, n: Numbers) -> Step:
    langs = language_pairs(ds)
    spk = speakers()
    subsets = _subset_rows(ds)
    missing: list[str] = []
    b1: list[Paragraph] = []
    split: list[Segment] = []
    for i, (name, rows) in enumerate(subsets.items()):
        if i:
            split.append(" and " if i == len(subsets) - 1 else ", ")
        split += [n.pairs(rows, f"aggregates: similarity histogram of {name}"), f" {_subset_label(name)}"]
    b1.append(("After CLIP, a second model sorted the pairs by language: CLD3, Google's compact "
               "language detector, which assigns a piece of text to one of ",
               n.ref("cld3_languages", fmt.count), " classes. Its verdict split the dataset: ", *split, "."))
    known = {c: p for c, p in langs.items() if c not in ("und", "")}
    others = [c for c in known if c != "en"]
    if others:
        ranked = sorted(others, key=lambda c: -known[c])[:3]
        names = [language_name(c) for c in ranked]
        b1.append(("After English, the most common labels are ", ", ".join(names[:-1]),
                   (" and " if len(names) > 1 else ""), names[-1], "."))

    per_speaker = {r["code"]: r for r in _chart_table(ds, "languages", n.stats["t"])}

    def ratio_text(code: str) -> tuple[Segment, ...]:
        ratio = per_speaker[code]["captions_per_speaker"]
        src = f"languages[{code}].pairs{' × scale' if ds.synthetic else ''} / speakers.csv {code}"
        if ratio >= 0.75:  # "one caption for every 1 speakers" would hide 0.95
            return (n.raw(fmt.ratio(ratio), ratio, src), " captions per speaker")
        return ("one caption for every ", n.raw(fmt.count(1 / ratio), 1 / ratio, src), " speakers")

    compare = [c for c in ("en", "ru", "fr", "sw") if c in per_speaker]
    if len(compare) >= 2:
        seg: list[Segment] = ["Set against how many people speak each language, the counts are lopsided. "]
        for i, c in enumerate(compare):
            seg += [("; " if i else ""), per_speaker[c]["language"], " has ", *ratio_text(c)]
        seg.append(".")
        b1.append(tuple(seg))
    else:
        missing.append("Per-language counts need a language column (laion2B-multi's LANGUAGE); "
                       "this data has none beyond what a subset implies, so the comparison is left out.")

    b2: list[Paragraph] = []
    lb = known.get("lb")
    if lb and "lb" in per_speaker:
        per = per_speaker["lb"]["captions_per_speaker"]
        b2.append(("The oddest entry is Luxembourgish, spoken by about ",
                   n.raw(fmt.count(float(spk["lb"]["speakers"])), float(spk["lb"]["speakers"]), "speakers.csv lb"),
                   " people. CLD3 labelled ", n.pairs(lb, "aggregates: languages[lb].pairs"),
                   " captions Luxembourgish, about ",
                   n.raw(fmt.ratio(per), per, "languages[lb].pairs × scale / speakers.csv lb"),
                   " for every speaker. Common Crawl, by its own statistics, holds only ",
                   n.ref("lb_cc_pages", fmt.count), " Luxembourgish pages, roughly one in ",
                   n.ref("lb_cc_pages_ratio", fmt.count), ". The captions are mostly not "
                   "Luxembourgish at all: short English product titles and names that the detector "
                   "misreads."))
    else:
        missing.append("No caption in this data is labelled Luxembourgish (lb), so the anomaly cannot be shown.")
    b_check = _language_check_paragraphs(ds, n)
    lb_samples = [{"text": s["text"], "domain": s["domain"]}
                  for s in ds.agg.get("samples", {}).get("languages", {}).get("lb", [])[:5]]
    b3 = (("Try the detector yourself. Type or paste an ALT text and see which language CLD3, the "
           "model LAION used, picks, and how sure it is; a second detector, lingua, gives its answer "
           "alongside. Short shop titles trip CLD3 up often."),)
    b4 = (("The threshold shifts the language mix too, because CLIP and its multilingual cousin "
           "score languages differently. At ", n.live("t", "threshold"), ", ",
           *((n.live("lang_share.en", "percent"), " of what remains is labelled English.")
             if any(r["code"] == "en" for r in n.stats["languages"]) else
             ("the mix of what remains is shown beside this paragraph.",))),)
    beats = (
        Beat(paragraphs=tuple(b1), chart="languages"),
        Beat(paragraphs=tuple(b2) or (("Luxembourgish, the essay's strangest case, needs language labels.",),),
             chart="luxembourgish",
             blocks=(Block("samples", "Captions labelled Luxembourgish",
                           {"groups": [{"site": "", "domain": "", "captions": lb_samples}]}),) if lb_samples else ()),
        *((Beat(paragraphs=b_check, chart="language_check"),) if b_check else ()),
        Beat(paragraphs=b3, blocks=(Block("cld3", "What does CLD3 say?", {"examples": list(CLD3_EXAMPLES)}),)),
        Beat(paragraphs=b4, chart="language_mix", slider=True),
    )
    notes = tuple(plain(p) for p in b1[-1:]) + ("Demo: type 'Men's Linen Shirt Navy' into the box.",)
    return Step("divide", 5, "The great divide", "Languages", beats, slider=True, notes=notes, missing=tuple(missing))


def _language_check_paragraphs(ds: Dataset, n: Numbers) -> tuple[Paragraph, ...]:
    """The build's own check of the labels: CLD3 rerun and lingua on a fixed sample per label."""
    check = ds.agg.get("language_check") or {}
    labels = {r["code"]: r for r in check.get("labels", [])}
    if not labels:
        return ()
    out: list[Paragraph] = [(
        "Rather than take the labels on trust, the build checks them. For every label it draws the same "
        "fixed-size random sample of captions (", n.raw(fmt.count(check.get("per_label", 0)),
                                                    check.get("per_label", 0), "language_check.per_label"),
        " at most), runs CLD3 over them again and asks a second detector, lingua, for its opinion. "
        "The bars show how often both give a caption the label it carries.",)]
    lb = labels.get("lb")
    if lb and not lb.get("lingua_knows", True) and lb.get("lingua_top"):
        top = lb["lingua_top"][0]
        out.append(("Lingua has no Luxembourgish, so for that label it can only say what it reads instead: ",
                    language_name(top["code"]), " for ",
                    n.pct(top["share"], "language_check.labels[lb].lingua_top[0].share", digits=0),
                    " of the sampled captions."))
    if ds.synthetic:
        out.append("On this synthetic replica the check describes the replica itself: its captions were "
                   "written to carry their labels, so the bars measure how clear-cut the generated text is, "
                   "not how reliable LAION's labels are. Built from the real metadata, the same chart "
                   "becomes a finding.")
    return tuple(out)


def _aesthetics(ds: Dataset, n: Numbers) -> Step:
    missing: list[str] = []
    b1: list[Paragraph] = [(
        "Next came taste. LAION trained a small aesthetic predictor on top of CLIP: given an image, "
        "it guesses the rating people would give it. Its scores carved the English pairs into "
        "LAION-Aesthetics, subsets of images a model expects people to find beautiful, which image "
        "generators were then fine-tuned on.",)]
    rows: list[dict[str, Any]] = []
    for r in _chart_table(ds, "aesthetic", n.stats["t"]):  # the registry's cut-offs and published sizes
        if r["pairs"]:
            rows.append({"cut": fmt.score(r["cutoff"]),
                         "computed": n.pairs(r["pairs"], f"aggregates: aesthetic bins ≥ {r['cutoff']}").text,
                         "published": n.raw(fmt.compact(r["published_pairs"]), r["published_pairs"],
                                            "reference: essay_figures.csv (LAION-Aesthetics)").text})
    if rows:
        first = rows[0]
        b1.append(("Keeping only images scored ", first["cut"], " or higher leaves ", first["computed"],
                   " pairs (the published subset: ", first["published"], "). The strictest cut, ",
                   rows[-1]["cut"], ", keeps ", rows[-1]["computed"], "."))
    else:
        missing.append("This data has no aesthetic score column (aesthetic or AESTHETIC_SCORE), "
                       "so the aesthetic distribution and subset sizes are left out.")
    b2 = (("Whose taste is it? The predictor learned from three sources: ", n.ref("aes_sac_rated"),
           " AI-generated images rated by members of a Discord server (Simulacra Aesthetic Captions), ",
           n.ref("aes_ava_images"), " photographs from the contest site dpchallenge.com with its "
           "members' votes (the AVA dataset), and ", n.ref("aes_logos"), " logos. A handful of people "
           "gave most of the Discord ratings. On dpchallenge, the most active reviewers wrote ",
           n.ref("aes_top50_reviews"), " reviews; ", n.ref("aes_reviewers_with_location", fmt.count),
           " of them say where they live, and ", n.ref("aes_reviewers_weird_share", lambda v: fmt.percent(v, 0)),
           " of those live in the US, Canada or Europe."),
          ("A few hundred thousand ratings from a small, like-minded crowd became the standard of "
           "beauty for hundreds of millions of images."),)
    beats = (
        Beat(paragraphs=tuple(b1), chart="aesthetic",
             blocks=(Block("table", "LAION-Aesthetics subsets", {
                 "columns": ["Aesthetic score at least", "Pairs here", "Published"],
                 "rows": [[r["cut"], r["computed"], r["published"]] for r in rows]}),) if rows else ()),
        Beat(paragraphs=b2),
    )
    notes = ("The aesthetic predictor: taste learned from a few raters.", plain(b2[0]))
    return Step("aesthetics", 6, "Made to fit", "Aesthetics", beats, notes=notes, missing=tuple(missing))


def _safety(ds: Dataset, n: Numbers) -> Step:
    missing: list[str] = []
    paras: list[Paragraph] = [(
        "Two more models left their marks as columns rather than cuts. One estimates the probability "
        "that an image carries a watermark (pwatermark), the other that it is unsafe, meaning "
        "nudity or worse (punsafe). LAION's own lines were ", n.ref("watermark_threshold", fmt.score),
        " for watermarks and ", n.ref("unsafe_threshold", fmt.score), " for unsafe content.",)]
    total = sum(_subset_rows(ds).values())
    flagged: list[Segment] = []
    for col, fid, what in (("pwatermark", "watermark_threshold", "watermarked"),
                           ("punsafe", "unsafe_threshold", "unsafe")):
        hists = ds.agg.get(col, {})
        scored = sum(_hist_total(h) for h in hists.values())
        if not ds.has(col) or not scored:
            missing.append(f"This data has no {col} column, so the {what} counts are left out.")
            continue
        c = sum(_hist_at_least(h, bin_of(figure(fid))) for h in hists.values())
        flagged += [("; " if flagged else ""), n.pairs(c, f"aggregates: {col} bins ≥ {figure(fid)}"), " pairs (",
                    n.pct(c / total if total else 0, f"{col} flagged / all pairs"), ") would count as ", what]
    if flagged:
        paras.append(("Applied to this data: ", *flagged, "."))
    paras.append(("These flags are guesses, not checks. Nobody confirmed them. They shipped as extra "
                  "columns that users could filter on or ignore, and an image scored just below a "
                  "line was examined no more closely than one far below it.",))
    end = (("Size was the project's answer to every doubt: with enough pairs, the noise would "
            "average out. LAION eventually took LAION-5B offline after an outside audit found links "
            "to child sexual abuse imagery in it; a cleaned release, Re-LAION-5B, lists ",
            n.ref("relaion_pairs"), " pairs. By then the field had moved to bigger collections made "
            "the same way. DataComp's CommonPool holds ", n.ref("commonpool_pairs"), " pairs, about ",
            n.raw(fmt.ratio(figure("commonpool_pairs") / figure("total_pairs")),
                  figure("commonpool_pairs") / figure("total_pairs"), "commonpool_pairs / total_pairs"),
            " times LAION-5B, and it too was scored by CLIP."),)
    beats = (Beat(paragraphs=tuple(paras), chart="safety"), Beat(paragraphs=end))
    notes = ("Watermark and NSFW scores are model guesses shipped as columns.", plain(end[0]))
    return Step("safety", 7, "Big is the new small", "Safety scores", beats, notes=notes, missing=tuple(missing))


def _method(ds: Dataset, n: Numbers) -> Step:
    m = ds.manifest
    facts = [
        ["Dataset", str(m.get("dataset", ""))],
        ["Profile", str(m.get("profile", ""))],
        ["Synthetic replica", "yes" if ds.synthetic else "no"],
        ["Rows read", fmt.count(m.get("rows", 0))],
        ["Scale (pairs per row)", fmt.count(ds.scale)],
        ["Files", fmt.count(len(m.get("inputs", [])))],
        ["Bytes read", fmt.count(m.get("bytes", 0))],
        ["Built", str(m.get("created", ""))],
        ["Build time", f"{fmt.ratio(float(m.get('duration_s', 0)))} s"],
    ]
    if ds.synthetic and m.get("seed") is not None:
        facts.append(["Seed", str(m["seed"])])
    facts += [[f"Version: {k}", str(v)] for k, v in sorted(m.get("versions", {}).items())]
    facts += [["Note", str(x)] for x in m.get("notes", [])]
    beats = (
        Beat(paragraphs=(
            ("Every number here comes out of one offline pass over the metadata. DuckDB reads each "
             "parquet shard once and counts: similarity histograms in steps of ",
             n.raw(fmt.score(1 / BINS_PER_UNIT), 1 / BINS_PER_UNIT, "app/core/threshold.py BINS_PER_UNIT"),
             " per subset, language and site; pairs per host, folded into registered domains; aesthetic, "
             "watermark and unsafe score histograms; and a few caption samples whose unsafe score "
             "is low. Counts from separate shards merge by addition, so the work splits across "
             "machines. The web server only reads the small result, never the shards, and never "
             "requests an image."),
            ("The slider runs the same threshold arithmetic in your browser as the server runs for "
             "the API, on the same cumulative histograms, so the page, the API and the no-JavaScript "
             "version agree to the pair."),
        ), chart="method", blocks=(Block("facts", "Manifest", {"rows": facts}),)),
        Beat(paragraphs=(
            ("To re-run the story on real LAION-5B metadata (or DataComp CommonPool, or COYO-700M), "
             "point the build at the parquet files and serve the result:"),
        ), blocks=(
            Block("commands", "Re-run it", {"lines": [
                "python -m precompute build --input 'laion2B-en/*.parquet' --input 'laion2B-multi/*.parquet' "
                "--input 'laion1B-nolang/*.parquet' --out data/real",
                "python -m app --data data/real"]}),
            Block("downloads", "Data and downloads", {}),
            Block("sources", "Where each number comes from", {"rows": sorted(n.sources.items())}),
        )),
    )
    notes = ("Everything is recomputable: show the manifest and the downloads.",)
    return Step("method", 8, "Method and data", "Method", beats, notes=notes)


PAGE_TITLE = "How LAION-5B was made"
PAGE_DEK = ("The image–text collection behind a generation of image generators was assembled by "
            "models passing judgement on what other models had produced. This is that process, "
            "step by step, with every number computed from the dataset's own metadata.")


def credit() -> Paragraph:
    """The credit line shown at the top and the foot of every page."""
    return ("A retelling of ", Link(ESSAY_TITLE, ESSAY_URL), " by ", ESSAY_AUTHORS, " (", ESSAY_PUBLISHER,
            "). The essay's facts and figures carry over; the text, charts and arithmetic are this "
            "project's own. ", Link("Read the original essay", ESSAY_URL), ".")


def synthetic_note(ds: Dataset) -> Paragraph:
    """What the synthetic replica is, said once near the top (badges repeat it beside each number)."""
    rows = ds.manifest.get("rows", 0)
    return ("The numbers here come from a synthetic replica of LAION-5B's metadata: ",
            Num(fmt.count(rows), rows), " generated rows, each standing for ", Num(fmt.count(ds.scale), ds.scale),
            " real pairs, calibrated to the essay's published figures. Numbers marked ≈ are full-dataset "
            "estimates, not counts. ", Link("How it was made", "#method"), ".")
