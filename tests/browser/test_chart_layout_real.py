"""Charts read cleanly on phones with real data too: the layout walk of test_chart_layout.py over the story
built from fixtures in real layouts (tests/story/matrix.py: LAION-5B, COYO-700M, DataComp, LAION-400M),
whose domain names, subsets and language labels are not the replica's."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from app import charts
from app.core.dataset import load
from app.web.main import create_app
from tests.browser.conftest import serve
from tests.browser.layout import chart_problems
from tests.servers import free_port
from tests.story.matrix import build_fixture

pytestmark = [pytest.mark.browser, pytest.mark.slow]

FIXTURES = ("laion5b", "coyo", "datacomp", "laion400m")


@pytest.fixture(scope="module", params=FIXTURES)
def real(request, tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, list[str]]]:
    name = request.param
    agg = build_fixture(name, tmp_path_factory.mktemp(name))
    ids = [c.id for c in charts.available(load(agg))]
    for url in serve(create_app(Path(agg)), free_port()):
        yield url, ids


@pytest.mark.parametrize("width", (300, 320, 375))
def test_real_data_charts_fit_a_phone(browser, real: tuple[str, list[str]], width: int) -> None:
    url, ids = real
    ctx = browser.new_context(viewport={"width": width, "height": 800})
    page = ctx.new_page()
    page.goto(url + "/")
    page.wait_for_function("() => window.explainer !== undefined")
    page.evaluate("window.explainer.ready")
    problems, checked = chart_problems(page)
    ctx.close()
    assert sorted(checked) == sorted(ids)
    assert not problems, "\n".join(problems)
