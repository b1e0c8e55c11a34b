"""The routes, one module per area; each answers through the HTTP layer (app/web/http.py) with the data
of a view (app/web/views/). ROUTERS is the order create_app includes them in."""

from __future__ import annotations

from app.web.routes import api, domains, downloads, embeds, oembed, pages, present

ROUTERS = (api.router, domains.router, downloads.router, pages.router, embeds.router, oembed.router, present.router)
