"""The one profile table: how each dataset names the columns the explainer needs.

A profile maps canonical names (url, caption, similarity, ...) to the dataset's own column
names, taken from LAION's, DataComp's and COYO's documentation. The first candidate that a
file has wins. url and caption are required; a missing optional column disables the figures
that need it (recorded in the manifest), never an error.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from precompute.contract.reference import figure

CANONICAL = ("url", "caption", "similarity", "language", "punsafe", "pwatermark", "aesthetic",
             "width", "height")
REQUIRED = ("url", "caption")
NUMERIC = ("similarity", "punsafe", "pwatermark", "aesthetic", "width", "height")


@dataclass(frozen=True)
class Profile:
    name: str
    label: str
    columns: dict[str, tuple[str, ...]]
    signature: tuple[str, ...]  # columns whose presence identifies the dataset in `auto`
    default_subset: str
    thresholds: dict[str, float] = field(default_factory=dict)  # published CLIP cut per subset
    subset_language: dict[str, str] = field(default_factory=dict)  # language implied by a subset
    default_language: str | None = None  # language of every row when there is no column

    def resolve(self, names: list[str]) -> dict[str, str | None]:
        """Canonical name -> the file's column (None when the file lacks it)."""
        present = set(names)
        return {c: next((n for n in self.columns.get(c, ()) if n in present), None) for c in CANONICAL}


PROFILES: dict[str, Profile] = {
    p.name: p
    for p in (
        Profile(
            name="laion5b",
            label="LAION-5B",
            columns={
                "url": ("URL",), "caption": ("TEXT",), "width": ("WIDTH",), "height": ("HEIGHT",),
                "similarity": ("similarity",), "language": ("LANGUAGE",),
                "punsafe": ("punsafe",), "pwatermark": ("pwatermark",),
                "aesthetic": ("AESTHETIC_SCORE", "aesthetic"),
            },
            signature=("URL", "TEXT"),
            default_subset="laion5b",
            thresholds={
                "laion2B-en": figure("threshold_en"),
                "laion2B-multi": figure("threshold_other"),
                "laion1B-nolang": figure("threshold_other"),
            },
            subset_language={"laion2B-en": "en", "laion1B-nolang": "und"},
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
            default_language="en",  # COYO kept English captions only
        ),
    )
}

LAION_SUBSETS = tuple(PROFILES["laion5b"].thresholds)


def detect(names: list[str]) -> Profile | None:
    """The profile whose signature columns a schema has (most specific first), or None."""
    present = set(names)
    for name in ("datacomp", "coyo", "laion5b"):
        if all(c in present for c in PROFILES[name].signature):
            return PROFILES[name]
    return None
