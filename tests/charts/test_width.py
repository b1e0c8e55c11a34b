"""Charts fit their box: every spec declares the param `vw` (the box's width), the page's JS moves it,
and the narrow render of the downloads is drawn at that width, not shrunk from the wide one."""

from __future__ import annotations

import pytest

from app import charts
from app.charts.width import DEFAULT_VW, NARROW, by_width, room_for_labels, wrap_title
from app.core.dataset import Dataset
from app.core.figures import default_t


def _params(spec: dict) -> dict:
    return {p["name"]: p for p in spec.get("params", [])}


def test_every_spec_declares_vw_at_its_width(ds: Dataset) -> None:
    t = default_t(ds)
    for c in charts.available(ds):
        assert _params(charts.chart_spec(ds, c.id, t))["vw"]["value"] == DEFAULT_VW, c.id
        narrow = charts.chart_spec(ds, c.id, t, width=360, standalone=True)
        assert _params(narrow)["vw"]["value"] == 360 and narrow["width"] == 360, c.id


def test_narrow_standalone_titles_are_wrapped(ds: Dataset) -> None:
    spec = charts.chart_spec(ds, "safety", default_t(ds), width=360, standalone=True)
    wide = charts.chart_spec(ds, "safety", default_t(ds), standalone=True)
    assert isinstance(spec["title"]["text"], list) and all(len(line) <= 34 for line in spec["title"]["text"])
    assert isinstance(wide["title"]["text"], str)
    assert " ".join(spec["title"]["text"]) == wide["title"]["text"]


def test_by_width_switches_at_the_breakpoint() -> None:
    assert by_width(1, 0) == {"expr": f"vw < {NARROW} ? 1 : 0"}
    assert by_width("end", "middle", below=300) == {"expr": 'vw < 300 ? "end" : "middle"'}


def _eval(expr: str, vw: float) -> float:
    # the Vega expressions used here are also Python expressions once max() and vw are defined
    return eval(expr.replace("?", " if ").replace(":", " else "), {"max": max, "vw": vw})  # noqa: S307


def test_room_for_labels_grows_as_the_box_narrows() -> None:
    expr = room_for_labels(2.0, 56, 110, 1.22)["expr"]
    wide, phone, tiny = _eval(expr, 1200), _eval(expr, 320), _eval(expr, 150)
    assert wide == pytest.approx(2.0 * 1.22)  # plenty of room: the least headroom
    # at 320 px the plot is about 210 px: 56 px of it stay free right of the longest bar
    assert phone == pytest.approx(2.0 / (1 - 56 / 210))
    assert tiny == pytest.approx(4.0)  # never more than half the plot for the label


@pytest.mark.parametrize(("text", "lines"), [
    ("Share of all pairs", "Share of all pairs"),
    ("Share of sampled captions both detectors give this label",
     ["Share of sampled captions both", "detectors give this label"]),
])
def test_wrap_title(text: str, lines: str | list[str]) -> None:
    assert wrap_title(text) == lines


def test_the_narrow_download_is_drawn_narrow(client) -> None:
    wide = client.get("/charts/sites.svg")
    narrow = client.get("/charts/sites.svg", params={"narrow": "true"})
    assert wide.status_code == narrow.status_code == 200
    assert 'width="720"' in wide.text[:400] and 'width="360"' in narrow.text[:400]
    assert "-narrow" in narrow.headers["content-disposition"]
    # the narrow layout, not the wide one shrunk: the "1 in N" labels give way to the share alone
    assert "1 in" in wide.text and "1 in" not in narrow.text
