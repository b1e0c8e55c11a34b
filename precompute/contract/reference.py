"""Cited reference tables shipped with the project (the only numbers not computed from data)."""

from __future__ import annotations

import csv
from functools import cache
from pathlib import Path

REFERENCE_DIR = Path(__file__).parent / "reference"


@cache
def essay_figures() -> dict[str, dict[str, str]]:
    """Published figures of 'Models All The Way Down', keyed by id (see essay_figures.csv)."""
    with open(REFERENCE_DIR / "essay_figures.csv", newline="", encoding="utf-8") as f:
        return {row["id"]: row for row in csv.DictReader(f)}


def figure(fid: str) -> float:
    """A published numeric figure by id."""
    return float(essay_figures()[fid]["value"])


@cache
def essay_wording() -> dict[str, dict[str, str]]:
    """Where the essay rounds or slips: what it wrote, beside which figure, and how the explainer reads
    it (see essay_wording.csv); the story quotes `essay_wrote` next to the computed figure."""
    with open(REFERENCE_DIR / "essay_wording.csv", newline="", encoding="utf-8") as f:
        return {row["id"]: row for row in csv.DictReader(f)}


@cache
def speakers() -> dict[str, dict[str, str]]:
    """Speakers per language with the source of each number, keyed by CLD3/ISO 639-1 code."""
    with open(REFERENCE_DIR / "speakers.csv", newline="", encoding="utf-8") as f:
        return {row["code"]: row for row in csv.DictReader(f)}


@cache
def removal_routes() -> list[dict[str, str]]:
    """Where people go to have entries taken out, as each publisher describes it (with the page checked)."""
    with open(REFERENCE_DIR / "removal_routes.csv", newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


@cache
def language_names() -> dict[str, str]:
    """English names of CLD3's language classes (and LAION's 'und'), keyed by CLD3 code."""
    with open(REFERENCE_DIR / "languages.csv", newline="", encoding="utf-8") as f:
        return {row["code"]: row["name"] for row in csv.DictReader(f)}


@cache
def lingua_to_cld3() -> dict[str, str]:
    """lingua's ISO 639-1 codes where CLD3 uses another code for the same language."""
    with open(REFERENCE_DIR / "lingua_codes.csv", newline="", encoding="utf-8") as f:
        return {row["lingua"]: row["cld3"] for row in csv.DictReader(f)}
