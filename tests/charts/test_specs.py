"""Chart specs: valid Vega-Lite of the one version, the live-update contract, the cache, themes and hostile data."""

from __future__ import annotations

import dataclasses
import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import jsonschema
import pytest
import vl_convert as vlc

from app import charts
from app.charts import specs
from app.charts.theme import THEMES
from app.core.dataset import Dataset
from app.core.figures import default_cut
from tests.chart_data import HOSTILE_DOMAINS, datacomp, with_hostile_domains


def _roundtrip(x: object) -> object:
    return json.loads(json.dumps(x))


def _live_datasets(node: object) -> list[dict]:
    found = []
    if isinstance(node, dict):
        if node.get("name") == "live" and "values" in node:
            found.append(node)
        for v in node.values():
            found += _live_datasets(v)
    elif isinstance(node, list):
        for v in node:
            found += _live_datasets(v)
    return found


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_every_chart_builds_and_validates(ds: Dataset, validator: jsonschema.Draft7Validator, theme: str) -> None:
    t = 0.3
    for c in charts.available(ds):
        spec = charts.chart_spec(ds, c.id, t, theme)
        errors = [e.message[:200] for e in validator.iter_errors(spec)]
        assert not errors, (c.id, errors)
        assert spec["width"] == "container" and spec["autosize"]["type"] == "fit-x"
        assert "background" not in spec  # themes differ in config only
        assert spec["config"]["background"] == THEMES[theme]["background"]
        assert spec["config"]["axis"]["labelColor"] == THEMES[theme]["muted"]
        assert spec["description"] == c.describe(ds, t)
        assert spec["usermeta"]["chart"] == c.id and spec["usermeta"]["t"] == t
        vg = vlc.vegalite_to_vega(spec, vl_version=charts.VL_VERSION)  # compiles
        assert vg["data"]


def test_specs_are_of_the_one_vega_lite_version(small: Dataset) -> None:
    assert re.fullmatch(r"\d+\.\d+", charts.VL_VERSION)
    for c in charts.available(small):
        schema = charts.chart_spec(small, c.id, 0.3)["$schema"]
        assert re.search(rf"/v{re.escape(charts.VL_VERSION)}(\.\d+)?\.json$", schema), (c.id, schema)


def test_live_param_charts_declare_t(ds: Dataset) -> None:
    for c in charts.available(ds):
        if c.live != "param":
            continue
        spec = charts.chart_spec(ds, c.id, 0.312)
        params = {p["name"]: p for p in spec.get("params", [])}
        assert params["t"]["value"] == 0.312
        vg = vlc.vegalite_to_vega(spec, vl_version=charts.VL_VERSION)
        assert "t" in {s["name"] for s in vg.get("signals", [])}
        assert "round(t * 1000) / 1000" in json.dumps(spec)  # the shading follows t on the 0.001 grid


def test_live_data_charts_read_the_threshold_rows(ds: Dataset) -> None:
    live = [c for c in charts.available(ds) if c.live in ("subsets", "sites", "languages")]
    assert {c.id for c in live} == {"removed", "site_mix", "language_mix"}
    for c in live:
        for t in (0.25, 0.3, 0.41):
            spec = charts.chart_spec(ds, c.id, t)
            found = _live_datasets(spec)
            assert found, c.id
            for d in found:
                assert d["values"] == _roundtrip(ds.threshold(t)[c.live])
        vg = vlc.vegalite_to_vega(spec, vl_version=charts.VL_VERSION)
        assert "live" in {d["name"] for d in vg["data"]}


@pytest.mark.parametrize("t", [0.0, 0.27, 0.305, 0.45, 1.0])
def test_spec_at_t_equals_a_fresh_build(ds: Dataset, t: float) -> None:
    # chart_spec builds once (at the default threshold) and moves the spec to t: the same as building at t
    for c in charts.available(ds):
        for kw in ({}, {"standalone": True, "width": 640}):
            assert charts.chart_spec(ds, c.id, t, **kw) == specs.fresh_spec(ds, c.id, t, **kw), (c.id, kw)


def test_specs_are_built_once_and_handed_out_as_copies(small: Dataset, monkeypatch: pytest.MonkeyPatch) -> None:
    builds: list[float] = []
    chart = charts.CHARTS["removed"]

    def counting(ds: Dataset, t: float) -> object:
        builds.append(t)
        return chart.build(ds, t)

    monkeypatch.setitem(charts.CHARTS, "removed", dataclasses.replace(chart, build=counting))
    ds = dataclasses.replace(small, etag=small.etag + "-counted")  # a key no other test has cached
    first = charts.chart_spec(ds, "removed", 0.3)
    first["config"] = "changed by the caller"
    again = charts.chart_spec(ds, "removed", 0.41)
    assert builds == [default_cut(ds)] and again["config"] != "changed by the caller"
    charts.chart_spec(ds, "removed", 0.3, "dark")
    assert len(builds) == 2  # a theme is a different spec


def test_standalone_specs_carry_title_credit_and_t(ds: Dataset) -> None:
    spec = charts.chart_spec(ds, "removed", 0.305, standalone=True, width=720)
    assert spec["width"] == 720
    assert spec["title"]["text"] == charts.CHARTS["removed"].title
    assert spec["title"]["subtitle"] == ["Threshold t = 0.305", *charts.credit_lines(ds)]


def test_credit_names_the_source_and_says_synthetic(ds: Dataset) -> None:
    data, essay = charts.credit_lines(ds)
    assert "Models All The Way Down" in essay
    assert ds.manifest.dataset in data
    if ds.synthetic:
        assert "synthetic replica" in data and "1 row ≈ 20,000 pairs" in data
    else:
        assert "synthetic" not in data and "9,500 rows" in data  # small_laion: 3000 + 2000 + 3000 + 1500 rows
    assert charts.credit(ds) == f"{data} {essay}"


def test_datacomp_renders_what_it_can(tmp_path: Path, validator: jsonschema.Draft7Validator) -> None:
    ds = datacomp(tmp_path)
    for c in charts.available(ds):
        spec = charts.chart_spec(ds, c.id, 0.3, width=400, standalone=True)
        assert not list(validator.iter_errors(spec)), c.id
        ET.fromstring(vlc.vegalite_to_svg(spec, vl_version=charts.VL_VERSION))


def test_hostile_domains_stay_text(small: Dataset) -> None:
    ds = with_hostile_domains(small)
    spec = charts.chart_spec(ds, "sites", 0.3, width=720, standalone=True)
    shown = {r["source"] for r in charts.table(ds, "sites", 0.3)}
    assert {charts.clean_label(d) for d in HOSTILE_DOMAINS} <= shown  # in the data, as plain strings
    assert "<script>alert(1)</script>.com" in json.dumps(spec)
    root = ET.fromstring(vlc.vegalite_to_svg(spec, vl_version=charts.VL_VERSION))
    tags = {el.tag.rsplit("}", 1)[-1] for el in root.iter()}
    assert "script" not in tags and "foreignObject" not in tags
    assert "onload" not in {a for el in root.iter() for a in el.attrib}
    assert any("<script>" in (el.text or "") for el in root.iter())  # shown as text, not markup
