"""The chart registry: every chart builds a valid Vega-Lite spec, keeps the live-update contract,
moves with t exactly as a fresh build would, sizes to its container, and survives hostile data."""

from __future__ import annotations

import json
import math
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import jsonschema
import pytest
import vl_convert as vlc
from altair.vegalite.v6.schema import load_schema

from app import charts
from app.core.dataset import Dataset
from app.core.threshold import threshold_stats
from tests.chart_data import datacomp, small_laion, with_hostile_domains, without_columns

EXPECTED = {"subsets", "sites", "similarity", "removed", "site_mix", "stack", "languages", "language_mix",
            "luxembourgish", "language_check", "aesthetic", "safety", "method"}


@pytest.fixture(scope="session")
def validator() -> jsonschema.Draft7Validator:
    return jsonschema.Draft7Validator(load_schema())


@pytest.fixture(scope="module")
def small(tmp_path_factory: pytest.TempPathFactory) -> Dataset:
    return small_laion(tmp_path_factory.mktemp("small-laion"))


@pytest.fixture(scope="module", params=["synthetic", "real-format"])
def ds(request: pytest.FixtureRequest) -> Dataset:
    return request.getfixturevalue("dataset" if request.param == "synthetic" else "small")


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


def test_registry_contract() -> None:
    assert set(charts.CHARTS) == EXPECTED
    for cid, c in charts.CHARTS.items():
        assert c.id == cid and re.fullmatch(r"[a-z0-9_-]+", cid)
        assert c.step in charts.STEPS
        assert c.live in (None, "param", "subsets", "sites", "languages")
        assert c.title and callable(c.build) and callable(c.describe) and callable(c.table)
    # every story step has at least one chart
    assert {c.step for c in charts.CHARTS.values()} == set(charts.STEPS)


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_every_chart_builds_and_validates(ds: Dataset, validator: jsonschema.Draft7Validator, theme: str) -> None:
    ids = {c.id for c in charts.available(ds)}
    assert ids == EXPECTED  # both data sets carry every column
    t = 0.3
    for cid in ids:
        spec = charts.chart_spec(ds, cid, t, theme)
        errors = [e.message[:200] for e in validator.iter_errors(spec)]
        assert not errors, (cid, errors)
        assert spec["width"] == "container" and spec["autosize"]["type"] == "fit-x"
        assert "background" not in spec  # themes differ in config only
        assert spec["config"]["background"] == charts.THEMES[theme]["background"]
        assert spec["config"]["axis"]["labelColor"] == charts.THEMES[theme]["muted"]
        assert spec["description"] == charts.CHARTS[cid].describe(ds, t)
        assert spec["usermeta"]["chart"] == cid and spec["usermeta"]["t"] == t
        vg = vlc.vegalite_to_vega(spec, vl_version="6.4")  # compiles
        assert vg["data"]


def test_live_param_charts_declare_t(ds: Dataset) -> None:
    for c in charts.available(ds):
        if c.live != "param":
            continue
        spec = charts.chart_spec(ds, c.id, 0.312)
        params = {p["name"]: p for p in spec.get("params", [])}
        assert params["t"]["value"] == 0.312
        vg = vlc.vegalite_to_vega(spec, vl_version="6.4")
        assert "t" in {s["name"] for s in vg.get("signals", [])}
        assert "round(t * 1000)" in json.dumps(spec)  # the shading follows t on the 0.001 grid


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
        vg = vlc.vegalite_to_vega(spec, vl_version="6.4")
        assert "live" in {d["name"] for d in vg["data"]}


@pytest.mark.parametrize("t", [0.0, 0.27, 0.305, 0.45, 1.0])
def test_spec_at_t_equals_a_fresh_build(ds: Dataset, t: float) -> None:
    # chart_spec builds once and moves the spec to t; that must be the same as building at t
    for c in charts.available(ds):
        fresh = json.loads(charts._render_spec(ds, c, t, "light", None, False))
        fresh = charts._at(fresh, ds, c, t, False)
        assert charts.chart_spec(ds, c.id, t) == fresh, c.id


def test_descriptions_and_tables(ds: Dataset) -> None:
    for c in charts.available(ds):
        text = c.describe(ds, 0.3)
        assert isinstance(text, str) and re.search(r"\d", text) and text.endswith("."), (c.id, text)
        rows = c.table(ds, 0.3)
        assert rows and all(isinstance(r, dict) for r in rows), c.id
        json.dumps(rows, allow_nan=False)
        if ds.synthetic and c.id in ("subsets", "sites", "similarity", "removed", "languages", "aesthetic"):
            assert "synthetic replica" in text, c.id


def test_counts_are_full_dataset_estimates(ds: Dataset) -> None:
    rows = {r["subset"]: r for r in charts.table(ds, "subsets", 0.3)}
    for s in ds.subsets:
        assert rows[s["name"]]["pairs_estimate"] == s["rows"] * ds.scale
    st = ds.threshold(0.3)
    removed = {r["subset"]: r for r in charts.table(ds, "removed", 0.3)}
    for s in st["subsets"]:
        assert removed[s["name"]]["removed_estimate"] == s["removed"] * ds.scale
        assert removed[s["name"]]["kept"] == s["kept"]
    assert st == threshold_stats(ds.payload, 0.3)


def test_figures_come_from_reference_tables(ds: Dataset) -> None:
    from precompute.contract.reference import figure, speakers

    aes = charts.table(ds, "aesthetic", 0.3)
    assert [r["cutoff"] for r in aes] == [5, 6, 6.25, 6.5]
    assert aes[-1]["published_pairs"] == int(figure("aes_6_5plus"))
    langs = {r["code"]: r for r in charts.table(ds, "languages", 0.3)}
    for code, r in langs.items():
        assert r["speakers"] == int(speakers()[code]["speakers"])
        assert math.isclose(r["captions_per_speaker"], r["pairs"] * ds.scale / r["speakers"])
    safety = charts.table(ds, "safety", 0.3)
    assert {r["cutoff"] for r in safety} == {figure("unsafe_threshold"), figure("watermark_threshold")}
    stack = "\n".join(r["detail"] for r in charts.table(ds, "stack", 0.3))
    assert f"{int(figure('imagenet1k_images')):,}" in stack


def test_missing_column_makes_a_chart_unavailable(small: Dataset) -> None:
    ds = without_columns(small, "aesthetic", "punsafe")
    ids = {c.id for c in charts.available(ds)}
    assert "aesthetic" not in ids and "safety" not in ids and "similarity" in ids
    assert {c.id for c, _ in charts.unavailable(ds)} == {"aesthetic", "safety"}
    with pytest.raises(charts.ChartUnavailable, match="aesthetic"):
        charts.chart_spec(ds, "aesthetic", 0.3)
    with pytest.raises(KeyError):
        charts.chart_spec(ds, "no-such-chart", 0.3)


def test_datacomp_draws_what_it_can(tmp_path: Path, validator: jsonschema.Draft7Validator) -> None:
    ds = datacomp(tmp_path)
    ids = {c.id for c in charts.available(ds)}
    assert {"languages", "language_mix", "luxembourgish", "aesthetic", "safety"}.isdisjoint(ids)
    assert {"subsets", "sites", "similarity", "removed", "stack", "method"} <= ids
    for cid in ids:
        spec = charts.chart_spec(ds, cid, 0.3, width=400, standalone=True)
        assert not list(validator.iter_errors(spec)), cid
        ET.fromstring(vlc.vegalite_to_svg(spec, vl_version="6.4"))


@pytest.mark.parametrize("t", [float("nan"), -0.1, 1.5, float("inf")])
def test_bad_thresholds_raise(small: Dataset, t: float) -> None:
    with pytest.raises(ValueError):
        charts.chart_spec(small, "similarity", t)


def test_hostile_domains_stay_text(small: Dataset) -> None:
    ds = with_hostile_domains(small)
    text = charts.chart_json(ds, "sites", 0.3)
    assert "<" not in text and ">" not in text and "&" not in text
    spec = json.loads(text)
    assert "<script>" in json.dumps(spec)  # still in the data, only escaped for the page
    svg = vlc.vegalite_to_svg(charts.chart_spec(ds, "sites", 0.3, width=720, standalone=True), vl_version="6.4")
    root = ET.fromstring(svg)
    tags = {el.tag.rsplit("}", 1)[-1] for el in root.iter()}
    assert "script" not in tags and "foreignObject" not in tags
    assert "onload" not in {a for el in root.iter() for a in el.attrib}
    assert any("<script>" in (el.text or "") for el in root.iter())  # shown as text, not markup


def _luminance(hex_colour: str) -> float:
    rgb = [int(hex_colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
    lin = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in rgb]
    return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]


def _contrast(a: str, b: str) -> float:
    la, lb = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_theme_contrast(theme: str) -> None:
    c = charts.THEMES[theme]
    assert _contrast(c["ink"], c["background"]) >= 4.5  # WCAG AA, text
    assert _contrast(c["muted"], c["background"]) >= 4.5
    for colour in (*charts.CYCLE, charts.GREY):
        assert _contrast(colour, c["background"]) >= 3, colour  # WCAG non-text contrast


def test_prose_formatting() -> None:
    assert charts.count_text(2_322_161_808) == "about 2.32 billion"
    assert charts.count_text(2_322_161_808, approx=False) == "2,322,161,808"
    assert charts.count_text(22_645) == "about 22,600"
    assert charts.pct_text(0.0251) == "2.5%" and charts.pct_text(0.00052) == "0.052%"
    assert charts.one_in(0.025) == "1 in 40"
    assert charts.sig_text(0.0286) == "0.029" and charts.sig_text(114.2) == "110"
    assert charts.clean_label("a\x00b\u202ec" + "x" * 100).startswith("a b c")
