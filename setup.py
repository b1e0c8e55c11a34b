"""The one build step pyproject.toml cannot declare: the wheel carries templates/ and static/ inside the
app package (app/templates, app/static), where app/settings.py finds them with importlib.resources.

The two folders stay at the top of the repository (the project's layout); setuptools' package-data only
reaches files inside a package, so build_py copies them in after building the packages. The generated
Vega bundle is left out: the installed app writes its own (app/web/vendor.py).
"""

from __future__ import annotations

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

ROOT = Path(__file__).resolve().parent
FOLDERS = ("templates", "static")
LEAVE_OUT = shutil.ignore_patterns("vega-bundle.js", ".*", "*.tmp", "__pycache__")


class BuildPy(build_py):
    def run(self) -> None:
        super().run()
        if self.editable_mode:  # an editable install reads the checkout's own folders
            return
        for name in FOLDERS:
            target = Path(self.build_lib) / "app" / name
            shutil.rmtree(target, ignore_errors=True)
            shutil.copytree(ROOT / name, target, ignore=LEAVE_OUT)


setup(cmdclass={"build_py": BuildPy})
