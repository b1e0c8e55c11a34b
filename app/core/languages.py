"""Language identification for the "what does CLD3 say?" box, and language names for charts.

CLD3 is the detector LAION used to split LAION-5B by language; lingua is a second opinion that
is stronger on short texts. Both are built once per process: CLD3 is cheap, lingua's
high-accuracy models take several seconds and ~0.9 GB to load, so `warm_up()` loads them in a
background thread at start-up. EXPLAINER_LINGUA=low switches lingua to its low-accuracy mode
(~80 MB, weaker on short texts) for small machines.
"""

from __future__ import annotations

import threading
from functools import cache
from typing import Any, Literal

from precompute.contract.reference import language_names, lingua_to_cld3

MAX_CHARS = 1000  # the API's limit; CLD3 also only reads the first bytes of a text
CLD3_MAX_BYTES = 4 * MAX_CHARS  # UTF-8: up to 4 bytes per character, so CLD3 sees all of it
Accuracy = Literal["high", "low"]

# CLD3's 107 language classes (plus "und", which LAION-5B uses for "no language detected").


def language_name(code: str) -> str:
    """English name of a CLD3 / ISO 639-1 code; the code itself when unknown ("other" for the rest)."""
    if code == "other":
        return "All other languages"
    names = language_names()
    return names.get(code) or names.get(code.split("-")[0]) or code


def as_cld3(lingua_code: str) -> str:
    """A lingua answer in CLD3's codes (nb and nn are CLD3's no; he is its iw)."""
    return lingua_to_cld3().get(lingua_code, lingua_code)

_cld3_lock = threading.Lock()  # CLD3's identifier keeps per-call state: one caller at a time
_lingua_lock = threading.Lock()


@cache
def _cld3() -> Any:
    import gcld3

    return gcld3.NNetLanguageIdentifier(min_num_bytes=0, max_num_bytes=CLD3_MAX_BYTES)


@cache
def _lingua_detector(accuracy: Accuracy) -> Any:
    from lingua import LanguageDetectorBuilder

    # models otherwise load lazily, a script at a time, inside someone's request: load them all now
    builder = LanguageDetectorBuilder.from_all_languages().with_preloaded_language_models()
    if accuracy == "low":
        builder = builder.with_low_accuracy_mode()
    return builder.build()


def _lingua(accuracy: Accuracy) -> Any:
    with _lingua_lock:  # the first caller loads, others wait instead of loading twice
        return _lingua_detector(accuracy)


def warm_up(accuracy: Accuracy = "high") -> threading.Thread:
    """Load both detectors in a daemon thread so the first request does not wait seconds."""
    th = threading.Thread(target=lambda: (_cld3(), _lingua(accuracy)), name="language-warm-up", daemon=True)
    th.start()
    return th


def detect(text: str, accuracy: Accuracy = "high") -> dict[str, Any]:
    """CLD3's answer (the detector LAION used) and lingua's, for one text."""
    stripped = text.strip()
    if not stripped:
        # CLD3 answers an empty string with a confident "ja": say nothing instead
        cld3 = {"code": "und", "name": language_name("und"), "probability": 0.0, "is_reliable": False,
                "proportion": 0.0}
    else:
        with _cld3_lock:
            r = _cld3().FindLanguage(text=stripped)
        cld3 = {"code": r.language, "name": language_name(r.language), "probability": float(r.probability),
                "is_reliable": bool(r.is_reliable), "proportion": float(r.proportion)}
    lingua: dict[str, Any] = {"code": None, "name": None, "confidence": None}
    if stripped:
        values = _lingua(accuracy).compute_language_confidence_values(stripped)
        if values and values[0].value > 0:
            top = values[0]
            lingua = {"code": top.language.iso_code_639_1.name.lower(),
                      "name": top.language.name.replace("_", " ").title(), "confidence": float(top.value)}
    base = cld3["code"].split("-")[0]
    return {"characters": len(text), "cld3": cld3, "lingua": lingua,
            "agree": bool(lingua["code"]) and as_cld3(lingua["code"]) == base}
