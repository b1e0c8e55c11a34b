"""Pydantic response models of the JSON API (they document /openapi.json and check what we send)."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field


class Open(BaseModel):
    """A response that may carry more fields than documented (the contract says "at least")."""

    model_config = ConfigDict(extra="allow")


class Manifest(Open):
    dataset: str | None = Field(None, description="Dataset name from the profile, e.g. LAION-5B")
    profile: str | list[str] | None = None
    synthetic: bool = Field(description="True when the data is the synthetic replica")
    scale: int = Field(description="Pairs one sample row stands for: multiply counts by this for estimates")
    rows: int = Field(description="Sample rows read")
    seed: int | None = None
    created: str | None = None


class Subset(BaseModel):
    name: str
    rows: int = Field(description="Sample rows")
    published_threshold: float | None = Field(description="CLIP similarity threshold LAION published")


class Site(BaseModel):
    site: str
    domain: str
    pairs: int = Field(description="Sample rows from this site")
    share: float = Field(description="Share of all pairs")


class Language(BaseModel):
    code: str = Field(description="CLD3 code as in the LANGUAGE column ('und': none detected)")
    name: str
    pairs: int = Field(description="Sample rows with this label, all subsets")
    speakers: int | None = Field(
        description="Speakers, from precompute/contract/reference/speakers.csv; null if unknown")


class NearThreshold(BaseModel):
    pairs: int
    share: float
    width: float


class Stats(Open):
    manifest: Manifest
    total_pairs: int
    subsets: list[Subset]
    sites: list[Site]
    languages: list[Language]
    near_threshold: NearThreshold = Field(description="Pairs within `width` above their subset's published threshold")


class ThresholdSubset(Open):
    name: str
    kept: int
    removed: int
    rows: int | None = None
    removed_share: float | None = None
    published_threshold: float | None = None
    cut: float | None = Field(None, description="Where this subset is cut (t, or its published threshold + d)")


class SiteMix(Open):
    site: str
    kept: int
    pairs: int
    share_kept: float
    share_all: float


class LanguageMix(Open):
    code: str
    kept: int
    pairs: int
    share_kept: float
    share_all: float


class Threshold(Open):
    """Pairs kept and removed at threshold t (sample rows: multiply by `scale` for estimates)."""

    mode: str = Field("absolute", description='"absolute" (one threshold t) or "offset" (published + d)')
    t: float | None = Field(description="The threshold on the 0.001 grid the arithmetic uses (null in the offset mode)")
    d: float | None = Field(None, description="Offset mode: how far every published threshold is raised")
    kept: int
    removed: int = Field(description="Pairs below t that the published thresholds had let in; in the offset mode, "
                                     "pairs between their subset's published threshold and the raised cut")
    removed_share: float
    rows: int | None = None
    scale: int | None = None
    next_001: int | None = Field(None, description="Pairs a further +0.01 would remove")
    subsets: list[ThresholdSubset]
    sites: list[SiteMix] = []
    languages: list[LanguageMix] = []


class Downloads(BaseModel):
    svg: str
    png: str
    csv: str
    json_: str = Field(alias="json", serialization_alias="json")

    model_config = ConfigDict(populate_by_name=True)


class ChartInfo(BaseModel):
    id: str
    title: str
    step: str
    live: str | None = Field(description='None, "param" (signal t) or the threshold key of the "live" dataset')
    needs: list[str] = []
    description: str = Field(description="One sentence with the chart's numbers (alt text)")
    embed_url: str
    downloads: Downloads


class LanguageGuess(BaseModel):
    code: str | None
    name: str | None


class Cld3(LanguageGuess):
    probability: float
    is_reliable: bool
    proportion: float


class Lingua(LanguageGuess):
    confidence: float | None


class LanguageResult(BaseModel):
    characters: int
    letters: int = Field(description="Unicode letters (categories L*) in the text")
    enough_text: bool = Field(description="False below min_letters: then neither detector is asked "
                                          "(cld3 says und, 'Not enough text to tell')")
    min_letters: int
    cld3: Cld3 = Field(description="CLD3, the detector LAION used")
    lingua: Lingua = Field(description="lingua, a second detector for comparison")
    agree: bool


class Health(BaseModel):
    ok: bool
    rows: int
    etag: str
    synthetic: bool


class Error(BaseModel):
    error: str = Field(description='"invalid parameter" or "not found"')
    parameter: str | None = Field(None, description="The parameter at fault, e.g. t")
    detail: str
    errors: list[dict[str, Any]] | None = None
    request_id: str | None = Field(None, description="This request's id, as in its X-Request-Id header and the log")


class DomainSubset(BaseModel):
    name: str
    pairs: int = Field(description="Sample rows of this subset on the domain")


class DomainAnswer(Open):
    """One registered domain of the data (counts are sample rows; multiply by `scale` for estimates)."""

    domain: str = Field(description="The registered domain (ASCII; IDN in punycode)")
    display: str = Field(description="The domain as readers write it (IDN decoded)")
    query: str = Field(description="What was asked: a domain, host or URL")
    site: str | None = Field(description="The named site the domain belongs to, if any")
    pairs: int
    estimate: int = Field(description="pairs × scale: the full-dataset estimate")
    rank: int = Field(description="1 = the domain with the most pairs (ties share a rank)")
    of: int = Field(description="Registered domains in the data")
    share: float = Field(description="Share of all pairs")
    hosts: int = Field(description="Distinct hosts of this domain in the data")
    subsets: list[DomainSubset]
    synthetic: bool
    scale: int

class DomainMatch(BaseModel):
    domain: str
    display: str
    pairs: int
    rank: int
    share: float
    site: str


class DomainMatches(Open):
    q: str
    prefix: str = Field(description="The prefix searched: lower case, a leading www. and any scheme removed")
    matches: list[DomainMatch]
    synthetic: bool
    scale: int


# the error answers the routes document in /openapi.json (app/web/errors.py sends them)
ERRORS: dict[int | str, dict[str, Any]] = {422: {"model": Error, "description": "Invalid parameter"}}
NOT_FOUND: dict[int | str, dict[str, Any]] = {404: {"model": Error, "description": "Unknown or unavailable"}}
BUSY: dict[int | str, dict[str, Any]] = {
    503: {"model": Error, "description": "The render queue is full: retry after the Retry-After header's seconds"}}
TOO_MANY: dict[int | str, dict[str, Any]] = {
    429: {"model": Error, "description": "Too many texts from this client: see Retry-After"}}
