"""The web tests' settings: the language box's limits (app/web/language.py) out of the way, and no
render processes started with every app.

Every TestClient request comes from one address ("testclient"), so the whole session would share one
token bucket and tests typing a few texts each would start getting 429s. The limit itself is tested
with its own settings in test_render_pool.py. Set at collection, before the session's app exists.
"""

from __future__ import annotations

import os

os.environ.setdefault("EXPLAINER_LANGUAGE_RATE", "100000")
os.environ.setdefault("EXPLAINER_LANGUAGE_BURST", "100000")
os.environ.setdefault("EXPLAINER_LANGUAGE_TOTAL_RATE", "100000")
# no render process per app at start-up: the tests that render start one on demand (test_render_pool.py)
os.environ.setdefault("EXPLAINER_RENDER_WARM", "0")
