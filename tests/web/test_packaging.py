"""`pip install .` (not editable): the wheel carries everything the app reads at run time, and the installed
app serves the story, its CSS and its scripts from another folder than the checkout.

The wheel is built from a copy of the sources (so the checkout gets no build/ folder), installed without
dependencies into a fresh venv made with --system-site-packages; the dependencies come from the machine:
its system site-packages, and the site-packages of the interpreter running the tests, which a .pth file
puts after the new venv's own (nothing is downloaded).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
import urllib.request
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.servers import free_port, wait_until_serving

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]
SOURCES = ("pyproject.toml", "setup.py", "README.md", "app", "precompute", "templates", "static")
GENERATED = "static/vendor/vega-bundle.js"  # written by the app at run time, never shipped


def files_under(folder: Path) -> list[str]:
    return sorted(p.relative_to(ROOT).as_posix() for p in folder.rglob("*")
                  if p.is_file() and "__pycache__" not in p.parts and not p.name.startswith("."))


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    src = tmp_path_factory.mktemp("src")
    for name in SOURCES:
        if (ROOT / name).is_dir():
            shutil.copytree(ROOT / name, src / name, ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"))
        else:
            shutil.copy2(ROOT / name, src / name)
    out = tmp_path_factory.mktemp("dist")
    subprocess.run([sys.executable, "-m", "pip", "wheel", str(src), "--no-deps", "-w", str(out), "-q"],
                   check=True, timeout=600)
    (whl,) = out.glob("laion_explainer-*.whl")
    return whl


def test_the_wheel_carries_what_the_app_reads(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    shipped = {"app/" + f for f in files_under(ROOT / "templates") + files_under(ROOT / "static")
               if f != GENERATED}
    assert {"app/templates/story.html", "app/templates/base.html", "app/static/css/site.css",
            "app/static/js/explainer.js", "app/static/vendor/vega-interpreter.js"} <= shipped
    assert shipped <= names, sorted(shipped - names)
    assert "app/" + GENERATED not in names
    reference = files_under(ROOT / "precompute" / "contract" / "reference")
    assert any(f.endswith("speakers.csv") for f in reference) and set(reference) <= names
    assert "app/story/corrections.json" in names
    captions = [f for f in files_under(ROOT / "precompute" / "synth" / "captions") if f.endswith(".py")]
    synth_data = files_under(ROOT / "precompute" / "synth" / "data")
    assert captions and any(f.endswith(".json") for f in synth_data)
    assert set(captions) <= names and set(synth_data) <= names  # the replica's generators and their tables


@pytest.fixture(scope="module")
def venv(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("venv")
    subprocess.run([sys.executable, "-m", "venv", "--system-site-packages", str(root)], check=True, timeout=300)
    python = root / "bin" / "python"
    purelib = subprocess.run([python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                             check=True, capture_output=True, text=True).stdout.strip()
    (Path(purelib) / "explainer-test-deps.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    subprocess.run([python, "-m", "pip", "install", "-q", "--no-deps", "--no-index", "--ignore-installed",
                    str(wheel)], check=True, timeout=300)
    return root


def clean_env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH" and not k.startswith("EXPLAINER_")}
    env["EXPLAINER_LINGUA"] = "low"  # the small models: this test is about files, not detection
    return env


@pytest.fixture(scope="module")
def served(venv: Path, synth_aggregates: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    elsewhere = tmp_path_factory.mktemp("elsewhere")
    port = free_port()
    log = (elsewhere / "server.log").open("w")
    proc = subprocess.Popen([venv / "bin" / "python", "-m", "app", "--data", str(synth_aggregates),
                             "--port", str(port)], cwd=elsewhere, env=clean_env(), stdout=log,
                            stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        wait_until_serving(proc, url, elsewhere / "server.log")
        yield url
    finally:
        proc.terminate()
        proc.wait(timeout=30)
        log.close()


def test_the_installed_app_is_the_wheel(venv: Path, tmp_path: Path) -> None:
    out = subprocess.run([venv / "bin" / "python", "-c",
                          "import app, app.settings as s; print(app.__file__); print(s.STATIC_DIR); print(s.CHECKOUT)"],
                         cwd=tmp_path, env=clean_env(), check=True, capture_output=True, text=True).stdout.split("\n")
    assert Path(out[0]).is_relative_to(venv) and Path(out[1]).is_relative_to(venv), out
    assert out[2] == "False"


def fetch(url: str) -> tuple[int, bytes, str]:
    with urllib.request.urlopen(url, timeout=60) as r:
        return r.status, r.read(), r.headers.get("content-type", "")


def test_the_installed_app_serves_the_story_its_css_and_js(served: str) -> None:
    status, page, kind = fetch(served + "/")
    assert status == 200 and kind.startswith("text/html") and b'data-chart="similarity"' in page
    for path, media in (("/static/css/site.css", "text/css"), ("/static/js/explainer.js", "javascript"),
                        ("/static/vendor/vega-interpreter.js", "javascript")):
        status, body, kind = fetch(served + path)
        assert status == 200 and media in kind and body == (ROOT / path.removeprefix("/")).read_bytes(), path
    # the page's own versioned URLs resolve, the generated Vega bundle among them
    text = page.decode()
    bundle = text[text.index("/static/vendor/vega-bundle.js?v="):].split('"', 1)[0]
    status, body, _ = fetch(served + bundle)
    assert status == 200 and len(body) > 100_000
