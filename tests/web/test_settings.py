"""Settings: every knob in one pydantic-settings model, from the environment or the command line, taken
by create_app (the data, the worker threads, lingua's accuracy) and by `python -m app`."""

from __future__ import annotations

import json

import anyio.to_thread
import pytest
from fastapi.testclient import TestClient
from pydantic import ValidationError

from app import __main__ as cli
from app.core import languages
from app.settings import Settings
from app.web.main import create_app


def test_environment_variables_set_every_knob(monkeypatch, tmp_path):
    for name, value in {"DATA": str(tmp_path), "HOST": "0.0.0.0", "PORT": "9001", "THREADS": "3", "LINGUA": "low",
                        "CACHE_MB": "5", "BUNDLE": str(tmp_path / "b.js")}.items():
        monkeypatch.setenv(f"EXPLAINER_{name}", value)
    s = Settings()
    assert (s.data, s.host, s.port, s.threads, s.lingua, s.cache_mb) == (tmp_path, "0.0.0.0", 9001, 3, "low", 5)
    assert s.bundle_path == tmp_path / "b.js"
    assert Settings(threads=1).threads == 1  # the command line wins over the environment
    for name, bad in (("THREADS", "0"), ("LINGUA", "medium"), ("PORT", "70000")):
        monkeypatch.setenv(f"EXPLAINER_{name}", bad)
        with pytest.raises(ValidationError):
            Settings()
        monkeypatch.delenv(f"EXPLAINER_{name}")


def test_create_app_reads_the_data_the_settings_name(synth_aggregates):
    rows = json.loads((synth_aggregates / "manifest.json").read_text())["rows"]
    with TestClient(create_app(Settings(data=synth_aggregates))) as c:
        assert c.get("/healthz").json()["rows"] == rows
    with TestClient(create_app(str(synth_aggregates))) as c:  # a folder still works
        assert c.get("/healthz").json()["rows"] == rows


def test_threads_and_lingua_come_from_the_settings(dataset, monkeypatch):
    asked: list[str] = []
    real = languages.detect

    def detect(text: str, accuracy: str = "high") -> dict:
        asked.append(accuracy)
        return real("", "high")  # no model load: the empty text needs none

    monkeypatch.setattr(languages, "warm_up", lambda accuracy="high": asked.append(f"warm:{accuracy}"))
    monkeypatch.setattr(languages, "detect", detect)
    with TestClient(create_app(Settings(threads=3, lingua="low"), dataset=dataset)) as c:
        limiter = c.portal.call(anyio.to_thread.current_default_thread_limiter)
        assert limiter.total_tokens == 3
        assert c.get("/api/language", params={"text": "Haus"}).status_code == 200
        assert c.get("/", params={"text": "Hause"}).status_code == 200  # another text: answers are kept
    assert asked == ["warm:low", "low", "low"]


def test_command_line_flags(capsys):
    with pytest.raises(SystemExit) as e:
        cli.main(["--help"])
    assert e.value.code == 0
    out = capsys.readouterr().out
    assert all(flag in out for flag in ("--data", "--host", "--port"))
    with pytest.raises(SystemExit):
        cli.main(["export", "--help"])
    out = capsys.readouterr().out
    assert all(flag in out for flag in ("--out", "--data", "--t", "--domains"))
