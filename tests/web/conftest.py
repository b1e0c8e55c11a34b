"""The web tests' settings: the language box's per-client limit (app/web/language.py) out of the way.

Every TestClient request comes from one address ("testclient"), so the whole session would share one
token bucket and tests typing a few texts each would start getting 429s. The limit itself is tested
with its own settings in test_render_pool.py. Set at collection, before the session's app exists.
"""

from __future__ import annotations

import os

os.environ.setdefault("EXPLAINER_LANGUAGE_RATE", "100000")
os.environ.setdefault("EXPLAINER_LANGUAGE_BURST", "100000")
