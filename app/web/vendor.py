"""The Vega bundle, vendored: the page loads no JavaScript from any other host.

vl_convert ships Vega, Vega-Lite and vega-embed as one classic script; we write it once (by default
to static/vendor/vega-bundle.js, which is gitignored: it is generated, 0.9 MB) and serve it under a
content-hash query string with an immutable cache lifetime (app/web/static.py).

VL_VERSION is the one Vega-Lite version string of the app (downloads, embed heights and this bundle
all render with it). It belongs to app.charts, which adds it in its own refactor; until that is
merged it is defined here.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import vl_convert

VL_VERSION = "6.4"  # Altair 6.3 emits Vega-Lite 6.4 specs


def ensure_bundle(path: Path) -> Path:
    """Write the bundle to `path` if it is missing; atomic, so a concurrent start never serves half a file."""
    if path.exists() and path.stat().st_size > 0:
        return path
    code = vl_convert.javascript_bundle(vl_version=VL_VERSION)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".vega-bundle.", suffix=".tmp")
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        f.write(code)
    # mkstemp makes it 0600: a web server or a static export copying static/ must be able to read it
    os.chmod(tmp, 0o644)
    os.replace(tmp, path)
    return path
