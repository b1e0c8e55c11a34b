"""Fixtures of the chart tests: the synthetic replica and a small real-format build, each with its shards."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import jsonschema
import pytest
from altair.vegalite.v6.schema import load_schema

from app.core.dataset import Dataset
from tests.chart_data import small_laion
from tests.conftest import TEST_SCALE


@dataclass(frozen=True)
class Case:
    """A dataset, the parquet shards it was built from (for independent counts) and the scale they were made at."""

    ds: Dataset
    shards: Path
    scale: int


@pytest.fixture(scope="session")
def validator() -> jsonschema.Draft7Validator:
    return jsonschema.Draft7Validator(load_schema())


@pytest.fixture(scope="session")
def small_case(tmp_path_factory: pytest.TempPathFactory) -> Case:
    tmp = tmp_path_factory.mktemp("small-laion")
    return Case(small_laion(tmp), tmp / "shards", 1)  # small_laion writes its shards to tmp/shards


@pytest.fixture(scope="session")
def small(small_case: Case) -> Dataset:
    return small_case.ds


@pytest.fixture(scope="session", params=["synthetic", "real-format"])
def case(request: pytest.FixtureRequest) -> Case:
    if request.param == "real-format":
        return request.getfixturevalue("small_case")
    return Case(request.getfixturevalue("dataset"), request.getfixturevalue("synth_shards"), TEST_SCALE)


@pytest.fixture(scope="session")
def ds(case: Case) -> Dataset:
    return case.ds
