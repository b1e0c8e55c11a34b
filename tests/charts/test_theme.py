"""The palette keeps WCAG contrast on both themes."""

from __future__ import annotations

import pytest

from app import charts
from app.charts.theme import CYCLE, GREY, THEMES


def _luminance(hex_colour: str) -> float:
    rgb = [int(hex_colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
    lin = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in rgb]
    return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]


def _contrast(a: str, b: str) -> float:
    la, lb = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_theme_contrast(theme: str) -> None:
    c = THEMES[theme]
    assert _contrast(c["ink"], c["background"]) >= 4.5  # WCAG AA, text
    assert _contrast(c["muted"], c["background"]) >= 4.5
    for colour in (*CYCLE, GREY):
        assert _contrast(colour, c["background"]) >= 3, colour  # WCAG non-text contrast


def test_unknown_themes_are_light() -> None:
    assert charts.theme_config("auto") == charts.theme_config("light") != charts.theme_config("dark")
    assert charts.theme_config("dark")["background"] == THEMES["dark"]["background"]
