"""The vendored JavaScript is what static/vendor/VENDORED.json says it is: a change must be announced there."""

from __future__ import annotations

import hashlib
import json
from importlib.metadata import version
from pathlib import Path

import vl_convert

VENDOR = Path(__file__).resolve().parent.parent / "static" / "vendor"
RECORD = json.loads((VENDOR / "VENDORED.json").read_text())


def test_the_interpreter_is_the_recorded_file() -> None:
    body = (VENDOR / "vega-interpreter.js").read_bytes()
    assert hashlib.sha256(body).hexdigest() == RECORD["vega-interpreter.js"]["sha256"], (
        "static/vendor/vega-interpreter.js changed: record its version and checksum in VENDORED.json")
    assert f"vega-interpreter {RECORD['vega-interpreter.js']['version']}" in body.decode()[:200]
    assert '"then"' in body.decode()  # blocked: see the comment above DisallowedObjectProperties


def test_the_generated_bundle_is_the_recorded_one() -> None:
    rec = RECORD["vega-bundle.js"]
    assert rec["generated_by"] == f"vl-convert-python {version('vl-convert-python')}", (
        "vl-convert-python changed: regenerate the bundle and record it in VENDORED.json")
    code = vl_convert.javascript_bundle(vl_version="6.4").encode()
    assert hashlib.sha256(code).hexdigest() == rec["sha256"] and len(code) == rec["bytes"]
    written = VENDOR / "vega-bundle.js"
    if written.exists():  # the app writes it at start-up; it must be the same bytes
        assert hashlib.sha256(written.read_bytes()).hexdigest() == rec["sha256"]
