"""The web app: create_app (app/web/main.py), the routes (routes/), the views they answer with (views/)
and the HTTP layer they all go through (http.py)."""

from app.web.main import create_app

__all__ = ["create_app"]
