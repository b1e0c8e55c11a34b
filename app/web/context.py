"""What every view needs, made once per app (and once per static export): the dataset, the settings,
the templates, the static files and the caches of rendered bodies and derived values."""

from __future__ import annotations

from collections.abc import Callable, Hashable
from dataclasses import dataclass
from typing import Any

import jinja2

from app.core.dataset import Dataset
from app.settings import MB, Settings
from app.web.cache import Cache, one
from app.web.http import Body
from app.web.language import LanguageBox
from app.web.renders import RenderPool
from app.web.static import BUNDLE, Static
from app.web.templates import environment
from app.web.vendor import ensure_bundle

# every file a page may name: a page embeds their hashes in its URLs, so a change to any of them
# must change the cached pages
PAGE_ASSETS = ("css/site.css", "css/embed.css", "css/present.css", "favicon.svg", "js/js-class.js",
               "js/threshold.js", "js/explainer-format.js", "js/explainer-charts.js", "js/explainer-core.js",
               "js/language-box.js", "js/explainer.js", "js/site-search.js", "js/site-index.js", "js/embed.js",
               "js/present.js", "js/present-notes.js", BUNDLE, "vendor/vega-interpreter.js")
OBJECTS = 1024  # derived values (chart bundles, embed heights): small, counted one each


@dataclass(frozen=True)
class Web:
    ds: Dataset
    settings: Settings
    static: Static
    templates: jinja2.Environment
    bodies: Cache  # rendered pages, JSON and downloads, bounded by their bytes
    objects: Cache
    renders: RenderPool  # chart images, drawn in processes of their own
    language: LanguageBox  # the language box's answers and per-client limit

    @classmethod
    def create(cls, ds: Dataset, settings: Settings | None = None) -> Web:
        settings = settings or Settings()
        static = Static(settings.static_dir, lambda: ensure_bundle(settings.bundle_path))
        bodies = Cache(settings.cache_mb * MB)
        return cls(ds, settings, static, environment(settings.templates_dir, static.url),
                   bodies, Cache(OBJECTS, weigh=one), RenderPool(ds, settings, bodies),
                   LanguageBox(settings))

    def body(self, key: tuple[Hashable, ...], make: Callable[[], Body]) -> Body:
        """A rendered body, made once per dataset and key."""
        return self.bodies.get_or_set((self.ds.etag, *key), make)

    def value(self, key: tuple[Hashable, ...], make: Callable[[], Any]) -> Any:
        """A derived value, made once per dataset and key."""
        return self.objects.get_or_set((self.ds.etag, *key), make)

    def render(self, template: str, context: dict[str, Any]) -> bytes:
        return self.templates.get_template(template).render(context).encode("utf-8")

    def assets_key(self) -> tuple[str, ...]:
        return tuple(self.static.url(a) for a in PAGE_ASSETS)
