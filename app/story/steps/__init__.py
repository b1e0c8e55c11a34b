"""The wiring of the eight steps: each module computes what its steps' prose needs from the Dataset
and renders the step's file in app/story/prose/ (app/story/loader.py reads the format).

A wiring function creates a number (through `Numbers`) only when its prose will show it: the method
step's table of sources lists every number created, the first source given for a text winning.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable

from app.core.dataset import Dataset
from app.core.threshold import Cut
from app.story.model import Step
from app.story.numbers import Numbers
from app.story.steps import divide, intro, method, scores, threshold
from app.story.steps.common import drawable

# DESIGN.md "The story", in order; method runs last since it lists the sources of all the numbers before it
STEPS: tuple[Callable[[Dataset, Numbers], Step], ...] = (
    intro.opening, intro.sources, threshold.threshold, threshold.stack, divide.divide,
    scores.aesthetics, scores.safety, method.method,
)


def build_steps(ds: Dataset, t: float | Cut) -> list[Step]:
    """The eight steps of DESIGN.md "The story", with numbers from `ds` and the threshold `t`."""
    n = Numbers(ds, t)
    steps = [make(ds, n) for make in STEPS]
    charts = drawable(ds)  # a chart the registry cannot draw here leaves its beat chartless
    return [dataclasses.replace(s, number=i, beats=tuple(
        dataclasses.replace(b, chart=b.chart if b.chart in charts else None) for b in s.beats))
        for i, s in enumerate(steps, 1)]
