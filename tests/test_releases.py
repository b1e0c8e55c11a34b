"""The release table (precompute.scan.profiles.RELEASES): a file's folder, or the NAME of --input
NAME=GLOB, names its dataset, subset, published CLIP cut and language."""

from __future__ import annotations

from pathlib import Path

import pyarrow as pa
import pytest

from precompute.build.inputs import inspect
from precompute.scan.profiles import find_release
from tests.fixtures import write

LAION = {"URL": ["https://i.pinimg.com/a.jpg"], "TEXT": ["A caption"], "similarity": [0.3]}
RELAION = {"url": ["https://i.pinimg.com/a.jpg"], "caption": ["A caption"], "similarity": [0.3]}


@pytest.mark.parametrize(("folder", "name", "columns", "want"), [
    ("laion2B-en", None, LAION, ("LAION-5B", "laion2B-en", 0.28, "en")),
    ("laion2B-multi", None, LAION, ("LAION-5B", "laion2B-multi", 0.26, None)),
    ("laion1B-nolang", None, LAION, ("LAION-5B", "laion1B-nolang", 0.26, "und")),
    ("laion400m-meta", None, {**LAION, "NSFW": ["UNLIKELY"]}, ("LAION-400M", "laion400m", 0.3, None)),
    ("laion2B-en-aesthetic", None, LAION, ("LAION-Aesthetics V1", "laion2B-en-aesthetic", 0.28, "en")),
    ("improved_aesthetics_6.5plus", None, LAION,
     ("LAION-Aesthetics V2", "improved_aesthetics_6.5plus", 0.28, "en")),
    ("relaion2B-en-research-safe", None, RELAION, ("Re-LAION-5B research-safe", "laion2B-en", 0.28, "en")),
    ("relaion1B-nolang-research", None, RELAION, ("Re-LAION-5B research", "laion1B-nolang", 0.26, "und")),
    # NAME= names the subset; the repository still names the release
    ("relaion2B-multi-research-safe", "laion2B-multi", RELAION,
     ("Re-LAION-5B research-safe", "laion2B-multi", 0.26, None)),
    ("export", "laion2B-en", LAION, ("LAION-5B", "laion2B-en", 0.28, "en")),
    ("laion2B-en", "laion2B-multi", LAION, ("LAION-5B", "laion2B-multi", 0.26, None)),
    ("export", None, LAION, ("LAION-format", "laion5b", None, None)),
    ("export", "mine", LAION, ("LAION-format", "mine", None, None)),
    ("export", None, RELAION, ("LAION-format", "relaion", None, None)),
])
def test_a_folder_names_its_release(tmp_path: Path, folder: str, name: str | None, columns: dict,
                                    want: tuple) -> None:
    f = write(pa.table(columns), tmp_path / folder / "part-00000.parquet")
    s = inspect(f, name, "auto")
    assert (s.dataset, s.subset, s.threshold, s.language) == want


def test_laion400m_carries_its_nsfw_tag(tmp_path: Path) -> None:
    f = write(pa.table({**LAION, "NSFW": ["UNSURE"]}), tmp_path / "laion400m-meta" / "part-00000.parquet")
    assert inspect(f, None, "auto").tag == "NSFW"


def test_a_revision_suffix_is_the_same_release() -> None:
    assert find_release("relaion2B-en-research-safe@main") == find_release("relaion2B-en-research-safe")
    assert find_release("laion2B-en-aesthetics") is None  # the whole name must match
