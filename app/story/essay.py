"""The essay this explainer retells, as the story names it (the facts live in app/core/essay.py, which the
charts' credit line reads too)."""

from __future__ import annotations

from app.core.essay import ESSAY_AUTHORS, ESSAY_PUBLISHER, ESSAY_TITLE, ESSAY_URL

__all__ = ["ESSAY_AUTHORS", "ESSAY_PUBLISHER", "ESSAY_TITLE", "ESSAY_URL"]
