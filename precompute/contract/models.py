"""The typed contract between the build and the app: what aggregates.json and manifest.json hold.

The build writes both files through these models (so it cannot write a field the app does not
know) and the app validates them at start-up (so a file that does not match stops the server
with one line naming the file and the field). SCHEMA_VERSION changes with any change here that
an older app could not read.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

SCHEMA_VERSION = 3  # 3: the typed contract (this module); 2: the domain index beside aggregates.json
BIN_WIDTH = 0.001  # the similarity, punsafe and pwatermark grid; the slider is exact to one bin
AESTHETIC_BIN_WIDTH = 0.01
INDEX_FILE = "domains.parquet"
AGGREGATES_FILE = "aggregates.json"
MANIFEST_FILE = "manifest.json"
OTHER_SITE = "(other)"


class Strict(BaseModel):
    """A contract record: unknown fields are an error, values are read-only."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class Histogram(Strict):
    """Counts per bin of width `bin_width` from bin `lo` up; null and invalid values counted apart."""

    bin_width: float
    lo: int = Field(ge=0)
    counts: list[int]
    null: int = Field(ge=0)
    invalid: int = Field(ge=0)


class Similarity(Strict):
    subsets: dict[str, Histogram]
    languages: dict[str, Histogram]
    sites: dict[str, Histogram]
    # the same two split by subset ({site: {subset: histogram}}): the offset mode cuts each subset at
    # its own threshold, so a site's or a language's pairs kept need its histogram per subset.
    # Empty in aggregates built before they existed (the offset mode then gives no site or language mix).
    site_subsets: dict[str, dict[str, Histogram]] = Field(default_factory=dict)
    language_subsets: dict[str, dict[str, Histogram]] = Field(default_factory=dict)


class SiteRow(Strict):
    site: str
    domain: str
    pairs: int = Field(ge=0)
    share: float = Field(ge=0, le=1)
    subsets: dict[str, int]


class TopDomain(Strict):
    domain: str
    site: str
    pairs: int = Field(ge=0)
    rank: int = Field(ge=1)
    hosts: int = Field(ge=1)


class Domains(Strict):
    top: list[TopDomain] = Field(description="The biggest rows of the domain index, biggest first")
    distinct_domains: int = Field(ge=0)
    distinct_hosts: int = Field(ge=0)


class LanguageCount(Strict):
    subset: str
    code: str
    pairs: int = Field(ge=0)


class Sample(Strict):
    """A caption shown on the page: text and registered domain only, never a URL."""

    text: str
    domain: str
    subset: str
    lang: str
    similarity: float | None = None


class Samples(Strict):
    sites: dict[str, list[Sample]]
    languages: dict[str, list[Sample]]
    top_similarity: list[Sample]
    top_similarity_candidates: int = Field(ge=0)


class LinguaAnswer(Strict):
    code: str
    share: float


class LabelCheck(Strict):
    code: str
    pairs: int
    n: int
    cld3_agree: float
    lingua_agree: float
    both_agree: float
    lingua_knows: bool
    lingua_top: list[LinguaAnswer]


class LanguageCheck(Strict):
    method: str
    per_label: int
    labels: list[LabelCheck]


class Aggregates(Strict):
    """aggregates.json: the counts every page is computed from (sample rows; the manifest's scale multiplies)."""

    schema_version: int
    total_pairs: int = Field(ge=0)
    similarity: Similarity
    sites: list[SiteRow]
    domains: Domains
    languages: list[LanguageCount]
    aesthetic: dict[str, Histogram]
    punsafe: dict[str, Histogram]
    pwatermark: dict[str, Histogram]
    samples: Samples
    language_check: LanguageCheck


class Columns(Strict):
    url: bool
    caption: bool
    similarity: bool
    language: bool
    punsafe: bool
    pwatermark: bool
    aesthetic: bool
    width: bool
    height: bool


class SubsetInfo(Strict):
    name: str
    rows: int = Field(ge=0)
    files: int = Field(ge=0)
    published_threshold: float | None
    profile: str
    columns: Columns


class InputFile(Strict):
    path: str
    subset: str
    rows: int
    bytes: int


class FileEntry(Strict):
    rows: int = Field(ge=0)
    sha256: str
    bytes: int = Field(ge=0)


class Counted(Strict):
    null: int
    invalid: int


class SizeQuality(Strict):
    null: int
    nan: int
    not_whole: int
    float_columns_files: int


class Quality(Strict):
    punsafe: Counted
    pwatermark: Counted
    aesthetic: Counted
    similarity: Counted
    size: SizeQuality


class Sampling(Strict):
    hash_seed: int
    one_in: int


class DomainCounts(Strict):
    distinct_domains: int
    distinct_hosts: int


class Manifest(Strict):
    """manifest.json: what was read, how, and what the aggregates beside it hold."""

    schema_version: int
    created: str
    profile: str | list[str]
    dataset: str
    synthetic: bool
    scale: int = Field(ge=1)
    seed: int | None
    generator: str | None
    rows: int = Field(ge=0)
    counted_rows: int = Field(ge=0)
    bytes: int = Field(ge=0)
    subsets: list[SubsetInfo]
    inputs: list[InputFile]
    quality: Quality
    notes: list[str]
    sampling: Sampling
    versions: dict[str, str]
    duration_s: float
    files: dict[str, FileEntry]
    domains: DomainCounts
    memory_limit: int
