"""precompute build: profiles, missing columns, bad input, atomic publishing, hostile captions."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from precompute.build.run import build
from precompute.errors import InputError
from tests.fixtures import HOSTILE_CAPTIONS, coyo_table, datacomp_table, laion_table, stale, write


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "precompute", *args], capture_output=True, text=True,
                          timeout=120)


def _agg(out: Path) -> dict:
    return json.loads((out / "aggregates.json").read_text())


def _manifest(out: Path) -> dict:
    return json.loads((out / "manifest.json").read_text())


def test_laion_subsets_from_folder_names(tmp_path: Path) -> None:
    write(laion_table(500, 1, aesthetic=True), tmp_path / "laion2B-en" / "part-00000.parquet")
    write(laion_table(400, 2, language=True), tmp_path / "laion2B-multi" / "part-00000.parquet")
    write(laion_table(300, 3, float_size=True), tmp_path / "laion1B-nolang" / "part-00000.parquet")
    out = tmp_path.parent / f"{tmp_path.name}-agg"  # beside the inputs, not among them (see publish.check_out)
    m = build([str(tmp_path / "*" / "*.parquet")], out)
    assert m["profile"] == "laion5b"
    assert not m["synthetic"] and m["scale"] == 1
    subsets = {s["name"]: s for s in m["subsets"]}
    assert {n: s["rows"] for n, s in subsets.items()} == {
        "laion2B-en": 500, "laion2B-multi": 400, "laion1B-nolang": 300}
    assert subsets["laion2B-en"]["published_threshold"] == 0.28
    assert subsets["laion2B-multi"]["published_threshold"] == 0.26
    assert subsets["laion2B-en"]["columns"]["aesthetic"]
    assert not subsets["laion2B-multi"]["columns"]["aesthetic"]
    assert m["counted_rows"] == m["rows"] == 1200
    assert m["quality"]["size"]["float_columns_files"] == 1
    agg = _agg(out)
    langs = {(r["subset"], r["code"]): r["pairs"] for r in agg["languages"]}
    assert langs[("laion2B-en", "en")] == 500
    assert langs[("laion1B-nolang", "und")] == 300
    assert sum(n for (s, _), n in langs.items() if s == "laion2B-multi") == 400


def test_named_subset_overrides_folder(tmp_path: Path) -> None:
    write(laion_table(100), tmp_path / "x" / "a.parquet")
    m = build([f"laion2B-en={tmp_path / 'x' / '*.parquet'}"], tmp_path / "agg")
    assert [s["name"] for s in m["subsets"]] == ["laion2B-en"]


@pytest.mark.parametrize(("table", "profile", "subset"), [
    (datacomp_table, "datacomp", "commonpool"),
    (coyo_table, "coyo", "coyo-700m"),
])
def test_auto_detects_other_datasets(tmp_path: Path, table, profile: str, subset: str) -> None:
    write(table(300), tmp_path / "meta" / "0000.parquet")
    m = build([str(tmp_path / "meta" / "*.parquet")], tmp_path / "agg")
    assert m["profile"] == profile
    assert [s["name"] for s in m["subsets"]] == [subset]
    agg = _agg(tmp_path / "agg")
    assert agg["total_pairs"] == 300
    assert sum(agg["similarity"]["subsets"][subset]["counts"]) == 300


def test_missing_optional_columns_leave_figures_out(tmp_path: Path) -> None:
    t = laion_table(200).drop_columns(["similarity", "punsafe", "pwatermark", "WIDTH"])
    write(t, tmp_path / "laion2B-multi" / "p.parquet")
    out = tmp_path / "agg"
    m = build([str(tmp_path / "laion2B-multi" / "*.parquet")], out)
    cols = m["subsets"][0]["columns"]
    assert not cols["similarity"] and not cols["punsafe"] and not cols["language"]
    assert any("similarity" in n for n in m["notes"])
    agg = _agg(out)
    assert agg["similarity"]["subsets"]["laion2B-multi"]["null"] == 200
    # without an unsafe score nothing can be shown safely: no caption samples
    assert agg["samples"]["sites"] == {} and agg["samples"]["languages"] == {}


def test_nulls_and_nan_are_counted(tmp_path: Path) -> None:
    t = laion_table(100, float_size=True)
    sim = t.column("similarity").to_numpy().copy()
    sim[:3] = np.nan
    w = t.column("WIDTH").to_numpy().copy()
    w[:5] = np.nan
    ps = pa.array([None] * 7 + t.column("punsafe").to_pylist()[7:], pa.float32())
    t = t.set_column(t.schema.get_field_index("similarity"), "similarity", pa.array(sim))
    t = t.set_column(t.schema.get_field_index("WIDTH"), "WIDTH", pa.array(w))
    t = t.set_column(t.schema.get_field_index("punsafe"), "punsafe", ps)
    write(t, tmp_path / "laion2B-en" / "p.parquet")
    m = build([str(tmp_path / "laion2B-en" / "*.parquet")], tmp_path / "agg")
    assert m["quality"]["similarity"]["invalid"] == 3
    assert m["quality"]["size"]["nan"] == 5
    assert m["quality"]["punsafe"]["null"] == 7
    assert m["counted_rows"] == 100


def test_hostile_captions_pass_through_as_data(tmp_path: Path) -> None:
    t = laion_table(len(HOSTILE_CAPTIONS) * 20, captions=HOSTILE_CAPTIONS)
    # every row safe, so every candidate may be shown
    t = t.set_column(t.schema.get_field_index("punsafe"), "punsafe", pa.array(np.zeros(t.num_rows, "float32")))
    write(t, tmp_path / "laion2B-en" / "p.parquet")
    out = tmp_path / "agg"
    build([str(tmp_path / "laion2B-en" / "*.parquet")], out, sample_mod=1)
    raw = (out / "aggregates.json").read_text(encoding="utf-8")
    agg = json.loads(raw)
    texts = {s["text"] for group in agg["samples"]["sites"].values() for s in group}
    assert texts <= set(HOSTILE_CAPTIONS)
    assert len(texts) >= 5
    for s in (s for group in agg["samples"]["sites"].values() for s in group):
        assert "://" not in s["domain"] and "url" not in s  # a domain, never a URL


def test_unsafe_captions_are_never_sampled(tmp_path: Path) -> None:
    t = laion_table(300)
    t = t.set_column(t.schema.get_field_index("punsafe"), "punsafe", pa.array(np.full(300, 0.9, "float32")))
    write(t, tmp_path / "laion2B-en" / "p.parquet")
    build([str(tmp_path / "laion2B-en" / "*.parquet")], tmp_path / "agg", sample_mod=1)
    agg = _agg(tmp_path / "agg")
    assert agg["samples"]["sites"] == {} and agg["samples"]["top_similarity"] == []


# ---- bad input: exit 2, one line naming the file and the problem, DIR untouched ----

def _bad_files(tmp_path: Path) -> dict[str, tuple[Path, str]]:
    good = write(laion_table(200), tmp_path / "src" / "good.parquet")
    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "text.parquet").write_text("URL,TEXT\nhttp://a,b\n")
    (bad / "empty.parquet").write_bytes(b"")
    data = good.read_bytes()
    (bad / "truncated.parquet").write_bytes(data[: len(data) // 2])
    write(laion_table(50).drop_columns(["URL"]), bad / "nourl.parquet")
    write(laion_table(50).drop_columns(["TEXT"]), bad / "notext.parquet")
    t = laion_table(50)
    t = t.set_column(t.schema.get_field_index("similarity"), "similarity",
                     pa.array([str(x) for x in t.column("similarity").to_pylist()]))
    write(t, bad / "simtext.parquet")
    return {
        "not parquet": (bad / "text.parquet", "parquet"),
        "empty": (bad / "empty.parquet", "empty"),
        "truncated": (bad / "truncated.parquet", "parquet"),
        "no URL": (bad / "nourl.parquet", "URL"),
        "no TEXT": (bad / "notext.parquet", "TEXT"),
        "similarity text": (bad / "simtext.parquet", "similarity"),
    }


def test_bad_inputs_exit_2_and_keep_existing_aggregates(tmp_path: Path) -> None:
    out = tmp_path / "agg"
    r = _cli("build", "--input", str(tmp_path / "src-none" / "*.parquet"), "--out", str(out))
    assert r.returncode == 2 and "no file matches" in r.stderr
    write(laion_table(200), tmp_path / "src" / "good.parquet")
    assert _cli("build", "--input", str(tmp_path / "src" / "*.parquet"), "--out", str(out)).returncode == 0
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    for what, (path, word) in _bad_files(tmp_path).items():
        r = _cli("build", "--input", str(tmp_path / "src" / "*.parquet"), "--input", str(path), "--out", str(out))
        assert r.returncode == 2, what
        lines = r.stderr.strip().splitlines()
        assert len(lines) == 1, (what, r.stderr)
        assert str(path) in lines[0] and word in lines[0], (what, lines[0])
        assert "Traceback" not in r.stderr
        assert {p.name: p.read_bytes() for p in out.iterdir()} == before, what
    assert stale(tmp_path) == []


def test_unknown_profile_is_named(tmp_path: Path) -> None:
    write(laion_table(10), tmp_path / "a.parquet")
    r = _cli("build", "--input", str(tmp_path / "a.parquet"), "--out", str(tmp_path / "o"), "--profile", "nope")
    assert r.returncode == 2 and "--profile" in r.stderr


def test_wrong_profile_names_the_missing_column(tmp_path: Path) -> None:
    write(laion_table(10), tmp_path / "a.parquet")
    with pytest.raises(InputError) as e:
        build([str(tmp_path / "a.parquet")], tmp_path / "o", profile="datacomp")
    assert "url" in e.value.problem and str(tmp_path / "a.parquet") == e.value.path


def test_rebuild_replaces_atomically(tmp_path: Path) -> None:
    write(laion_table(100), tmp_path / "laion2B-en" / "a.parquet")
    out = tmp_path / "agg"
    build([str(tmp_path / "laion2B-en" / "*.parquet")], out)
    write(laion_table(50, 9), tmp_path / "laion2B-en" / "b.parquet")
    build([str(tmp_path / "laion2B-en" / "*.parquet")], out)
    assert _manifest(out)["rows"] == 150
    assert sorted(p.name for p in out.iterdir()) == ["aggregates.json", "domains.parquet", "manifest.json"]
    assert stale(tmp_path) == []


def test_synthetic_metadata_reaches_the_manifest(tmp_path: Path) -> None:
    t = laion_table(100)
    t = t.replace_schema_metadata({"explainer.synthetic": "true", "explainer.scale": "1000",
                                   "explainer.seed": "3"})
    write(t, tmp_path / "laion2B-en" / "a.parquet")
    m = build([str(tmp_path / "laion2B-en" / "*.parquet")], tmp_path / "agg")
    assert m["synthetic"] is True and m["scale"] == 1000 and m["seed"] == 3


def test_corrupt_data_pages_name_the_file(tmp_path: Path) -> None:
    table = laion_table(5000, captions=[f"caption {i}" for i in range(5000)])
    path = write(table, tmp_path / "laion2B-en" / "a.parquet")
    meta = pq.ParquetFile(path).metadata
    data = bytearray(path.read_bytes())
    # scribble over the middle of the first column chunk, keeping the footer intact
    start = meta.row_group(0).column(0).data_page_offset
    for i in range(start + 64, start + 4096):
        data[i] = 0xFF
    path.write_bytes(bytes(data))
    r = _cli("build", "--input", str(path), "--out", str(tmp_path / "o"))
    assert r.returncode == 2 and str(path) in r.stderr and "Traceback" not in r.stderr
