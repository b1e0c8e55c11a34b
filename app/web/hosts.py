"""Which Host headers the site answers as itself; every other one is answered as the public URL.

A Host header is whatever the client sent. Routes write absolute URLs (oEmbed answers, embed codes,
discovery links) from the request's origin, so this middleware makes that origin trustworthy before
any route sees it: a Host whose name is on the allow-list (Settings.allowed_hosts, the public URL's
host) and whose port, if it names one, is the port the connection came in on or the public URL's, is
kept; any other Host is replaced by the public URL's host and scheme. Every cache keyed by the
origin therefore holds a few entries, never one per forged Host.

Why not a 400 (as Django answers): a deployment behind a proxy that forgot to set public_url would
then serve nobody; this way it serves everyone and at worst writes links to its own public URL.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from starlette.datastructures import MutableHeaders
from starlette.requests import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.settings import Settings

# a DNS name or a bracketed IPv6 address, then an optional port: anything else is not a host
HOST = re.compile(r"^(\[[0-9a-f:.]+\]|[a-z0-9_](?:[a-z0-9_.-]*[a-z0-9_])?)\.?(?::(\d{1,5}))?$")
DEFAULT_PORTS = {"http": 80, "https": 443}


def split_host(value: str) -> tuple[str, int | None] | None:
    """'Example.org.:8080' -> ('example.org', 8080); None for what is not a host name."""
    m = HOST.match(value.strip().lower())
    if not m:
        return None
    return m.group(1), int(m.group(2)) if m.group(2) else None


@dataclass(frozen=True)
class Hosts:
    public: str  # the public origin, e.g. https://explainer.example.org
    scheme: str
    netloc: str
    public_port: int
    names: frozenset[str]  # allowed on any port the site answers on ("*": every name)
    exact: frozenset[tuple[str, int]]  # allowed "name:port" entries

    @classmethod
    def of(cls, settings: Settings) -> Hosts:
        public = settings.public_base
        parts = urlsplit(public)
        scheme = parts.scheme
        port = parts.port or DEFAULT_PORTS[scheme]
        own = (parts.hostname or "").lower()
        names: set[str] = {f"[{own}]" if ":" in own else own}  # urlsplit unbrackets an IPv6 address
        exact: set[tuple[str, int]] = set()
        for entry in settings.allowed_hosts:
            split = ("*", None) if entry == "*" else split_host(entry)
            if split is None:
                continue  # not a host name: it can match no request
            name, entry_port = split
            if entry_port is None:
                names.add(name)
            else:
                exact.add((name, entry_port))
        return cls(public, scheme, parts.netloc, port, frozenset(names), frozenset(exact))

    def trusted(self, host: str, server_port: int | None) -> bool:
        """Whether a request's Host (on a connection to `server_port`) may name this site's origin."""
        split = split_host(host)
        if split is None:
            return False
        name, port = split
        if "*" in self.names:
            return True
        if port is not None and (name, port) in self.exact:
            return True
        return name in self.names and port in (None, server_port, self.public_port)

    def origin(self, request: Request) -> str:
        """The request's origin, e.g. http://localhost:8000 (trusted once the middleware has run)."""
        return str(request.base_url).rstrip("/")

    def is_ours(self, netloc: str, request: Request) -> bool:
        """Whether a URL's netloc names this site: the request's (trusted) one or the public one."""
        netloc = netloc.lower()
        return netloc in (request.url.netloc.lower(), self.netloc.lower())


def relative(location: str, origin: str) -> str:
    """A redirect to this site's own origin as a path: '{origin}/present' -> '/present'."""
    if location.lower().startswith(origin.lower()):
        rest = location[len(origin):]
        if rest.startswith("/") and not rest.startswith("//"):
            return rest
    return location


class TrustedHost:
    """Replaces an untrusted Host header (and scheme) with the public URL's before the app sees it,
    and turns redirects to this origin (Starlette's trailing-slash redirect) into relative ones."""

    def __init__(self, app: ASGIApp, hosts: Hosts) -> None:
        self.app = app
        self.hosts = hosts

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":  # the app has no websockets; lifespan has no Host
            await self.app(scope, receive, send)
            return
        host = next((v.decode("latin-1") for k, v in scope["headers"] if k == b"host"), "")
        server = scope.get("server")
        if not self.hosts.trusted(host, server[1] if server else None):
            headers = [(k, v) for k, v in scope["headers"] if k != b"host"]
            headers.append((b"host", self.hosts.netloc.encode("latin-1")))
            scope = {**scope, "headers": headers, "scheme": self.hosts.scheme}

        async def send_relative(message: Message) -> None:
            if message["type"] == "http.response.start" and 300 <= message["status"] < 400:
                headers = MutableHeaders(scope=message)
                if "location" in headers:
                    headers["location"] = relative(headers["location"], self.hosts.origin(Request(scope)))
            await send(message)

        await self.app(scope, receive, send_relative)
