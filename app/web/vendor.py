"""The Vega bundle, vendored: the page loads no JavaScript from any other host.

vl_convert ships Vega, Vega-Lite and vega-embed as one classic script; we write it to
static/vendor/vega-bundle.js once (the file is gitignored: it is generated, 0.9 MB) and serve
it under a content-hash query string with an immutable cache lifetime.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from app.settings import STATIC_DIR

VL_VERSION = "6.4"  # Altair 6.3 emits Vega-Lite 6.4 specs
BUNDLE = STATIC_DIR / "vendor" / "vega-bundle.js"


def ensure_bundle(path: Path = BUNDLE) -> Path:
    """Write the bundle if it is missing; atomic, so a concurrent start never serves half a file."""
    if path.exists() and path.stat().st_size > 0:
        return path
    import vl_convert

    code = vl_convert.javascript_bundle(vl_version=VL_VERSION)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".vega-bundle.", suffix=".tmp")
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        f.write(code)
    os.replace(tmp, path)
    return path
