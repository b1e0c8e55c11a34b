"""Shared fixtures: a small synthetic replica built once per test session, and an app over it."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

# Starlette's TestClient sends `Host: testserver`: allow it as the site's own host, as Django's test
# runner does, or every absolute URL in a test answer would name the public URL (app/web/hosts.py)
os.environ.setdefault("EXPLAINER_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1],testserver")

TEST_SCALE = 20000  # about 292k rows: big enough for calibration tolerances, seconds to build
TEST_SEED = 7


@pytest.fixture(scope="session")
def synth_shards(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from precompute.synth.generate import generate

    out = tmp_path_factory.mktemp("synth")
    generate(out, scale=TEST_SCALE, seed=TEST_SEED)
    return out


@pytest.fixture(scope="session")
def synth_aggregates(synth_shards: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    from precompute.build.run import build

    out = tmp_path_factory.mktemp("agg") / "aggregates"
    build([str(synth_shards / "*" / "*.parquet")], out)
    return out


@pytest.fixture(scope="session")
def dataset(synth_aggregates: Path):
    from app.core.dataset import load

    return load(synth_aggregates)


@pytest.fixture(scope="session")
def app(dataset):
    from app.web.main import create_app

    return create_app(dataset)


@pytest.fixture()
def client(app):
    from fastapi.testclient import TestClient

    with TestClient(app) as c:
        yield c


@pytest.fixture(scope="session")
def exported_site(dataset, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """`python -m app export` of the test replica (tests/test_embeds.py, tests/browser/test_export.py)."""
    from app.export.site import export

    out = tmp_path_factory.mktemp("export") / "site"
    export(dataset, out)
    return out
