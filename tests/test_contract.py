"""The typed contract: the build writes what the app reads, and a folder off the contract stops the server."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from precompute.contract.models import AGGREGATES_FILE, MANIFEST_FILE, Aggregates, Manifest


def test_the_build_writes_documents_the_contract_reads(synth_aggregates: Path) -> None:
    for name, model in ((AGGREGATES_FILE, Aggregates), (MANIFEST_FILE, Manifest)):
        doc = json.loads((synth_aggregates / name).read_text())
        assert model.model_validate(doc).model_dump(mode="json") == doc


@pytest.mark.parametrize(("name", "change", "field"), [
    (AGGREGATES_FILE, lambda d: d.update(total_pairs="many"), "total_pairs"),
    (AGGREGATES_FILE, lambda d: d["similarity"]["subsets"]["laion2B-en"].pop("counts"),
     "similarity.subsets.laion2B-en.counts"),
    (AGGREGATES_FILE, lambda d: d.update(image_size={}), "image_size"),
    (MANIFEST_FILE, lambda d: d["subsets"][0].update(rows=-3), "subsets.0.rows"),
    (MANIFEST_FILE, lambda d: d.update(schema_version=1), "schema_version"),
])
def test_a_folder_off_the_contract_stops_the_server_naming_file_and_field(synth_aggregates: Path, tmp_path: Path,
                                                                           name: str, change, field: str) -> None:
    data = tmp_path / "agg"
    shutil.copytree(synth_aggregates, data)
    doc = json.loads((data / name).read_text())
    change(doc)
    (data / name).write_text(json.dumps(doc))
    r = subprocess.run([sys.executable, "-m", "app", "--data", str(data), "--port", "0"], capture_output=True,
                       text=True, timeout=120, cwd=Path(__file__).resolve().parent.parent)
    assert r.returncode == 2
    lines = [ln for ln in r.stderr.splitlines() if ln.strip()]
    assert len(lines) == 1 and str(data / name) in lines[0] and field in lines[0], r.stderr
