"""Shared fixtures: a small synthetic replica built once per test session, and an app over it."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

# The language box's limits (app/web/language.py) out of the way, and no render processes started with
# every app: every TestClient request comes from one address ("testclient"), so the session would share
# one token bucket, and the browser tests' live servers type several texts a second. The limits and the
# render pool are tested with their own settings (tests/web/test_render_pool.py). Set at collection,
# before any app exists.
os.environ.setdefault("EXPLAINER_LANGUAGE_RATE", "100000")
os.environ.setdefault("EXPLAINER_LANGUAGE_BURST", "100000")
os.environ.setdefault("EXPLAINER_LANGUAGE_TOTAL_RATE", "100000")
os.environ.setdefault("EXPLAINER_RENDER_WARM", "0")
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
def removed_at(synth_shards: Path):
    """An independent oracle: t -> pairs below t per subset and in all, counted in the shards by DuckDB."""
    from tests.oracle import removed

    return lambda t: removed(synth_shards, t)


@pytest.fixture(scope="session")
def removed_by_offset(synth_shards: Path):
    """The same for the offset mode: d -> pairs between each subset's published threshold (the essay's
    reference table, not the manifest) and that plus d."""
    from precompute.contract.reference import figure
    from tests.oracle import removed_by_offset

    published = {"laion2B-en": figure("threshold_en"), "laion2B-multi": figure("threshold_other"),
                 "laion1B-nolang": figure("threshold_other")}
    return lambda d: removed_by_offset(synth_shards, published, d)


@pytest.fixture(scope="session")
def dataset(synth_aggregates: Path):
    from app.core.dataset import load

    return load(synth_aggregates)


@pytest.fixture(scope="session")
def real_dataset(tmp_path_factory: pytest.TempPathFactory):
    """LAION's three subsets in their real layout, read as real data (tests/story/fixtures.py build_real):
    built once, for every test that holds the synthetic default against real files."""
    from app.core.dataset import load
    from tests.story.fixtures import build_real

    return load(build_real(tmp_path_factory.mktemp("real")))


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
