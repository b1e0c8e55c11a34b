"""Every knob of the explainer in one place: defaults here, EXPLAINER_* environment variables over them,
command-line flags (`python -m app`) over both. `create_app(settings)` takes one of these.

templates/ and static/ are top-level folders of the checkout; a wheel carries them inside the app
package (setup.py copies them there), where importlib.resources finds them. A checkout is recognised by
its pyproject.toml, so an installed copy never picks up unrelated folders beside site-packages.
"""

from __future__ import annotations

import os
import tempfile
from importlib.resources import files
from pathlib import Path
from typing import Annotated, Literal
from urllib.parse import urlsplit

from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

ROOT = Path(__file__).resolve().parent.parent
CHECKOUT = (ROOT / "pyproject.toml").is_file()
# an installed copy has no repository folder to write the replica into: it uses the working folder
DEFAULT_DATA = (ROOT if CHECKOUT else Path.cwd()) / "data" / "aggregates"
DEFAULT_SHARDS = DEFAULT_DATA.parent / "shards"
MB = 1024 * 1024
LOOPBACK = ("localhost", "127.0.0.1", "[::1]")
WILDCARD_HOSTS = ("0.0.0.0", "::", "[::]", "")


def resource_dir(name: str) -> Path:
    """templates/ or static/: the checkout's top-level folder, else the copy inside the installed package."""
    if CHECKOUT and (ROOT / name).is_dir():
        return ROOT / name
    return Path(str(files("app") / name))


STATIC_DIR = resource_dir("static")
TEMPLATES_DIR = resource_dir("templates")


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="EXPLAINER_", frozen=True)

    data: Path = Field(DEFAULT_DATA, description="the aggregates folder (EXPLAINER_DATA)")
    host: str = "127.0.0.1"
    port: int = Field(8000, ge=0, le=65535)
    # Threads for the sync routes. They mostly answer from caches in well under a millisecond, and under
    # load anyio's default of 40 threads spend their time fighting over the GIL: bench/load.py measured
    # 437 req/s with 40, 615 with 2 and 735 with 1 at 64 clients. 2 keeps one slow render (a PNG takes
    # ~1 s) from stalling every other request.
    threads: int = Field(2, ge=1, description="worker threads for the routes (EXPLAINER_THREADS)")
    # lingua's high-accuracy models take ~0.9 GB; "low" (~80 MB, weaker on short texts) suits small machines
    lingua: Literal["high", "low"] = Field("high", description="lingua's accuracy mode (EXPLAINER_LINGUA)")
    templates_dir: Path = TEMPLATES_DIR
    static_dir: Path = STATIC_DIR
    # the generated Vega bundle (vl-convert, 0.9 MB); point it elsewhere when static/ is read-only
    bundle: Path | None = Field(None, description="default: <static_dir>/vendor/vega-bundle.js")
    # rendered pages, JSON bodies and downloads (a story page is ~450 KB, a PNG ~100 KB)
    cache_mb: int = Field(96, ge=0)
    # brotli/gzip bodies, about a tenth of the size of what they encode
    compressed_cache_mb: int = Field(32, ge=0)

    # Chart images (PNG, SVG, oEmbed heights) are drawn by vl-convert, which holds the GIL for the
    # whole 150-700 ms of a render: they run in separate processes, never in the routes' threads, and
    # wait in a bounded queue; a full queue answers 503 with Retry-After (app/web/renders.py)
    render_workers: int = Field(1, ge=1, description="render processes (EXPLAINER_RENDER_WORKERS)")
    # 16: a no-JS page view asks for its 13 chart SVGs at once; waiting costs a coroutine, no thread
    render_queue: int = Field(16, ge=1, description="renders admitted at once, running or waiting")
    # the render processes run at a lower priority, so under load a render can take seconds: a request
    # waits this long, then gets the 503 (the render goes on into the cache, for the retry)
    render_wait: float = Field(10.0, gt=0, description="seconds a request waits for its render")
    # start the render processes with the app and build the images' specs there (~10 s of CPU), so
    # neither the first image nor the readers around it pay for that later
    render_warm: bool = Field(True, description="start the render processes at start-up")
    # each image is rendered once per aggregates, chart, threshold, theme and size, then read from here
    render_cache: Path | None = Field(None, description="default: <temp dir>/laion-explainer-<uid>/renders")
    render_cache_mb: int = Field(256, ge=0, description="0: no disk cache")
    # CLD3 and lingua hold the GIL while they run (~6 ms a caption): a bucket per client, and one for all
    language_rate: float = Field(1.0, gt=0, description="texts per second per client, sustained")
    language_burst: int = Field(5, ge=1, description="texts a client may send at once")
    language_total_rate: float = Field(20.0, gt=0, description="texts per second from all clients together")

    # a 503 (render queue full) or 429 (too many texts) waits this long before it is sent: a client that
    # asks again at once, ignoring Retry-After, then costs a cheap request per connection every half
    # second instead of ~1,000 a second of them, which slowed readers 2x (bench/load.py --scenario isolation)
    shed_delay: float = Field(0.5, ge=0, le=10, description="seconds before a 503 or 429 is sent")

    @property
    def render_cache_dir(self) -> Path:
        # per user, so another account's folder of the same name is never written into
        return self.render_cache or Path(tempfile.gettempdir()) / f"laion-explainer-{os.getuid()}" / "renders"

    # Absolute URLs (oEmbed, embed codes, discovery links) are written with this base, never with whatever
    # Host a request names; default: http://<host>:<port> (localhost when serving on every interface)
    public_url: str | None = Field(None, description="e.g. https://explainer.example.org (EXPLAINER_PUBLIC_URL)")
    # Host headers answered as themselves (any other is answered as the public URL); the public URL's
    # host is always allowed. Comma-separated in the environment; "*" trusts every Host.
    allowed_hosts: Annotated[tuple[str, ...], NoDecode] = Field(
        LOOPBACK, description="host names (optionally host:port) of this site (EXPLAINER_ALLOWED_HOSTS)")

    @field_validator("public_url")
    @classmethod
    def _absolute_http_url(cls, v: str | None) -> str | None:
        if v is None or v == "":
            return None
        parts = urlsplit(v)
        if parts.scheme not in ("http", "https") or not parts.hostname or parts.query or parts.fragment \
                or parts.path not in ("", "/"):
            # the pages link /static/... from the root: the site cannot live under a path prefix
            raise ValueError("must be an http(s) origin such as https://explainer.example.org")
        return v.rstrip("/")

    @field_validator("allowed_hosts", mode="before")
    @classmethod
    def _comma_separated(cls, v: object) -> object:
        if isinstance(v, str):
            return tuple(h.strip().lower() for h in v.split(",") if h.strip())
        return v

    @property
    def public_base(self) -> str:
        """The site's origin, no trailing slash: public_url, else http://host:port."""
        if self.public_url:
            return self.public_url
        host = "localhost" if self.host in WILDCARD_HOSTS else self.host
        host = f"[{host}]" if ":" in host and not host.startswith("[") else host
        return f"http://{host}:{self.port}"

    @property
    def bundle_path(self) -> Path:
        return self.bundle or self.static_dir / "vendor" / "vega-bundle.js"
