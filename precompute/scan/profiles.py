"""The one profile table: how each dataset names the columns the explainer needs, and which release
a folder of files belongs to.

A profile maps canonical names (url, caption, similarity, ...) to the dataset's own column
names. The first candidate that a file has wins. url and caption are required; a missing
optional column disables the figures that need it (recorded in the manifest), never an error.

Where the names come from (the publishers' own documentation, read for this table):
- LAION-5B: https://laion.ai/blog/laion-5b/ and the parquet schema on the hub (laion/laion2B-en:
  URL, TEXT, WIDTH, HEIGHT, similarity, punsafe, pwatermark; laion2B-multi adds LANGUAGE). The first
  release (and the copies made from it, e.g. IDEA-CCNL/laion2B-multi-chinese-subset's dataset_infos.json)
  has SAMPLE_ID, URL, TEXT, HEIGHT, WIDTH, LICENSE, LANGUAGE, NSFW, similarity.
- LAION-400M: https://laion.ai/blog/laion-400-open-dataset/ (the `laion400m-meta` folder of
  the-eye.eu's release, columns SAMPLE_ID, URL, TEXT, HEIGHT, WIDTH, LICENSE, NSFW, similarity; pairs
  below a CLIP ViT-B/32 similarity of 0.3 were dropped; NSFW is CLIP's tag UNLIKELY / UNSURE / NSFW).
- LAION-Aesthetics: V1 https://github.com/LAION-AI/laion-datasets/blob/main/laion-aesthetic.md
  (laion/laion2B-en-aesthetic: URL, TEXT, WIDTH, HEIGHT, similarity, punsafe, pwatermark, aesthetic);
  V2 https://laion.ai/blog/laion-aesthetics/ (ChristophSchuhmann/improved_aesthetics_6.5plus's
  dataset_info.json: URL, TEXT, WIDTH, HEIGHT, similarity, punsafe, pwatermark, AESTHETIC_SCORE, hash).
- Re-LAION-5B: https://laion.ai/blog/relaion-5b/ (laion/relaion2B-en-research and
  relaion2B-en-research-safe, one repository per subset; readers of it select `url` and `caption`).
- DataComp CommonPool: https://github.com/mlfoundations/datacomp (uid, url, text, original_width,
  original_height, clip_b32_similarity_score, clip_l14_similarity_score, face_bboxes, sha256).
- COYO-700M: https://huggingface.co/datasets/kakaobrain/coyo-700m (id, url, text, width, height,
  clip_similarity_vitb32, clip_similarity_vitl14, nsfw_score_opennsfw2, nsfw_score_gantman,
  watermark_score, aesthetic_score_laion_v2; English only, chosen with cld3).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from precompute.contract.reference import figure

CANONICAL = ("url", "caption", "similarity", "language", "punsafe", "pwatermark", "aesthetic",
             "width", "height")
REQUIRED = ("url", "caption")
NUMERIC = ("similarity", "punsafe", "pwatermark", "aesthetic", "width", "height")


@dataclass(frozen=True)
class Profile:
    name: str
    label: str  # the dataset, when no release below names it
    columns: dict[str, tuple[str, ...]]
    signature: tuple[str, ...]  # columns whose presence identifies the dataset in `auto`
    default_subset: str
    thresholds: dict[str, float] = field(default_factory=dict)  # published CLIP cut per subset
    subset_language: dict[str, str] = field(default_factory=dict)  # language implied by a subset
    default_language: str | None = None  # language of every row when there is no column
    safety_tag: tuple[str, ...] = ()  # a text tag (LAION-400M's NSFW) that keeps unsafe rows out of samples

    def resolve(self, names: list[str]) -> dict[str, str | None]:
        """Canonical name -> the file's column (None when the file lacks it)."""
        present = set(names)
        return {c: next((n for n in self.columns.get(c, ()) if n in present), None) for c in CANONICAL}

    def tag(self, names: list[str]) -> str | None:
        return next((n for n in self.safety_tag if n in names), None)


@dataclass(frozen=True)
class Release:
    """A folder (or `--input NAME=`) that names a release: its subset, dataset, cut and language."""

    pattern: str  # the whole folder name, case-insensitive; a trailing @revision is allowed
    subset: str  # "" keeps the folder's own name (LAION-Aesthetics V2 has one folder per cut)
    dataset: str
    threshold: float | None  # the published CLIP similarity cut of this subset
    language: str | None  # the language every row has by construction; None: not known
    source: str

    def match(self, folder: str) -> str | None:
        """The subset a folder name stands for, or None when it is not this release."""
        m = re.fullmatch(self.pattern + r"(@.*)?", folder, re.I)
        return None if m is None else (self.subset or folder.split("@", 1)[0])


_EN, _OTHER = figure("threshold_en"), figure("threshold_other")
_LAION5B = "https://laion.ai/blog/laion-5b/"
_RELAION = "https://laion.ai/blog/relaion-5b/"
RELEASES: tuple[Release, ...] = (
    Release("laion2B-en", "laion2B-en", "LAION-5B", _EN, "en", _LAION5B),
    Release("laion2B-multi", "laion2B-multi", "LAION-5B", _OTHER, None, _LAION5B),
    Release("laion1B-nolang", "laion1B-nolang", "LAION-5B", _OTHER, "und", _LAION5B),
    # Re-LAION-5B keeps LAION-5B's subsets, cuts and labels, minus the links it removed
    Release("re-?laion2B-en-research-safe", "laion2B-en", "Re-LAION-5B research-safe", _EN, "en", _RELAION),
    Release("re-?laion2B-multi-research-safe", "laion2B-multi", "Re-LAION-5B research-safe", _OTHER, None, _RELAION),
    Release("re-?laion1B-nolang-research-safe", "laion1B-nolang", "Re-LAION-5B research-safe", _OTHER, "und",
            _RELAION),
    Release("re-?laion2B-en(-research)?", "laion2B-en", "Re-LAION-5B research", _EN, "en", _RELAION),
    Release("re-?laion2B-multi(-research)?", "laion2B-multi", "Re-LAION-5B research", _OTHER, None, _RELAION),
    Release("re-?laion1B-nolang(-research)?", "laion1B-nolang", "Re-LAION-5B research", _OTHER, "und", _RELAION),
    # LAION-400M: one English-leaning crawl with no language split, cut at 0.3 (its own announcement)
    Release("laion400m-meta", "laion400m", "LAION-400M", 0.3, None,
            "https://laion.ai/blog/laion-400-open-dataset/"),
    # LAION-Aesthetics: subsets of laion2B-en, so English by construction and cut at its 0.28
    Release("laion2B-en-aesthetic", "laion2B-en-aesthetic", "LAION-Aesthetics V1", _EN, "en",
            "https://github.com/LAION-AI/laion-datasets/blob/main/laion-aesthetic.md"),
    Release(r"improved_aesthetics_\d+(\.\d+)?plus", "", "LAION-Aesthetics V2", _EN, "en",
            "https://laion.ai/blog/laion-aesthetics/"),
)


def find_release(folder: str) -> tuple[Release, str] | None:
    """(the release, its subset name) for a folder or subset name, or None when none matches."""
    for r in RELEASES:
        if (subset := r.match(folder)) is not None:
            return r, subset
    return None


PROFILES: dict[str, Profile] = {
    p.name: p
    for p in (
        Profile(
            name="laion5b",
            label="LAION-format",  # URL and TEXT in a folder no release names
            columns={
                "url": ("URL",), "caption": ("TEXT",), "width": ("WIDTH",), "height": ("HEIGHT",),
                "similarity": ("similarity",), "language": ("LANGUAGE",),
                "punsafe": ("punsafe",), "pwatermark": ("pwatermark",),
                "aesthetic": ("AESTHETIC_SCORE", "aesthetic"),
            },
            signature=("URL", "TEXT"),
            default_subset="laion5b",
            thresholds={r.subset: r.threshold for r in RELEASES[:3] if r.threshold is not None},
            subset_language={r.subset: r.language for r in RELEASES[:3] if r.language},
            safety_tag=("NSFW",),
        ),
        Profile(
            name="datacomp",
            label="DataComp CommonPool",
            columns={
                "url": ("url",), "caption": ("text",), "width": ("original_width",),
                "height": ("original_height",), "similarity": ("clip_b32_similarity_score",),
            },
            signature=("clip_b32_similarity_score",),
            default_subset="commonpool",
        ),
        Profile(
            name="coyo",
            label="COYO-700M",
            columns={
                "url": ("url",), "caption": ("text",), "width": ("width",), "height": ("height",),
                "similarity": ("clip_similarity_vitb32",), "punsafe": ("nsfw_score_opennsfw2",),
                "pwatermark": ("watermark_score",), "aesthetic": ("aesthetic_score_laion_v2",),
            },
            signature=("clip_similarity_vitb32",),
            default_subset="coyo-700m",
            default_language="en",  # COYO kept English captions only (chosen with cld3)
        ),
        Profile(
            name="relaion",  # Re-LAION-5B's lower-case url and caption (auto finds it by them)
            label="LAION-format",  # url and caption alone do not say which release: its folder does
            columns={
                "url": ("url",), "caption": ("caption",), "width": ("width",), "height": ("height",),
                "similarity": ("similarity",), "language": ("language", "LANGUAGE"),
                "punsafe": ("punsafe",), "pwatermark": ("pwatermark",), "aesthetic": ("aesthetic",),
            },
            signature=("url", "caption"),
            default_subset="relaion",
        ),
    )
}

LAION_SUBSETS = tuple(PROFILES["laion5b"].thresholds)


def detect(names: list[str]) -> Profile | None:
    """The profile whose signature columns a schema has (most specific first), or None."""
    present = set(names)
    for name in ("datacomp", "coyo", "laion5b", "relaion"):
        if all(c in present for c in PROFILES[name].signature):
            return PROFILES[name]
    return None
