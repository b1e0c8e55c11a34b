"""Hosts and registered domains: one rule table (the public suffix list) for SQL and for Python.

The rules are the ICANN section of the public suffix list bundled with tldextract (no network
at run time): `co.uk` is a public suffix, so `img.shop.co.uk` belongs to `shop.co.uk`. A name
that no rule covers falls under the list's default rule `*` (its last label is the suffix), so
`cdn.maison12.test` belongs to `maison12.test`. The private section (blogspot.com, github.io, ...)
is left out on purpose: a blog on blogspot.com is counted under blogspot.com, the domain someone
registered.

Python here and the SQL in domains.sql apply the same steps in the same order; tests compare
them on awkward hosts (ports, userinfo, upper case, a trailing dot, IDN, IP addresses).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from urllib.parse import unquote

import tldextract

NO_HOST = "(no host)"  # rows whose URL has no host at all still count toward the totals
MAX_RULE_LABELS = 4  # the longest ICANN rule (wildcards included) has four labels
_SNAPSHOT = Path(tldextract.__file__).parent / ".tld_set_snapshot"
_IPV4 = re.compile(r"\d{1,3}(\.\d{1,3}){3}")
_SCHEME = re.compile(r"^(?:[A-Za-z][A-Za-z0-9+.\-]*://|//)")


@dataclass(frozen=True)
class Rules:
    exact: frozenset[str]  # `co.uk`: this name is a public suffix
    wild: frozenset[str]  # `*.kawasaki.jp` stored as `kawasaki.jp`: any label under it is one
    exception: frozenset[str]  # `!city.kawasaki.jp`: not a public suffix, its parent is

    @property
    def suffixes(self) -> list[str]:
        return sorted(self.exact | self.wild | self.exception)


def ascii_label(label: str) -> str:
    """A label in its ASCII (punycode) form; labels that IDNA cannot encode stay as they are."""
    if label.isascii():
        return label
    try:
        return label.encode("idna").decode("ascii")
    except UnicodeError:
        return label


def to_ascii(host: str) -> str:
    """Lower-case ASCII form of a host: IDN labels become punycode (`bücher.de` -> `xn--bcher-kva.de`)."""
    host = host.lower().rstrip(".")
    if host.isascii():
        return host
    return ".".join(ascii_label(lab) for lab in host.split("."))


@cache
def rules() -> Rules:
    """The ICANN rules of the bundled public suffix list, in ASCII form."""
    text = _SNAPSHOT.read_text(encoding="utf-8")
    icann = text.split("// ===BEGIN ICANN DOMAINS===", 1)[1].split("// ===END ICANN DOMAINS===", 1)[0]
    exact, wild, exception = set(), set(), set()
    for line in icann.splitlines():
        rule = line.strip().split(" ", 1)[0]
        if not rule or rule.startswith("//"):
            continue
        if rule.startswith("!"):
            exception.add(to_ascii(rule[1:]))
        elif rule.startswith("*."):
            wild.add(to_ascii(rule[2:]))
        else:
            exact.add(to_ascii(rule))
    return Rules(frozenset(exact), frozenset(wild), frozenset(exception))


def raw_host(url: str) -> str:
    """The host part of a URL as written (scheme, path, query dropped; userinfo and port kept).

    The same rule as domains.sql.raw_host_sql: `//host/x`, `host/x` and `HTTP://host` all work.
    """
    rest = _SCHEME.sub("", url, count=1)
    return re.split(r"[/?#]", rest, maxsplit=1)[0]


def normalise_host(raw: str) -> str:
    """Lower-case host without userinfo, port, query or trailing dot, IDN in punycode."""
    h = raw.rsplit("@", 1)[-1]
    h = h.split("?", 1)[0].split("#", 1)[0].split("\\", 1)[0]
    h = h.split("]", 1)[0] + "]" if h.startswith("[") else h.split(":", 1)[0]
    h = h.strip(" ")  # spaces only, as SQL trim() does
    if not h.isascii():
        return to_ascii(h)
    return h.lower().rstrip(".")


def is_ip(host: str) -> bool:
    return host.startswith("[") or bool(_IPV4.fullmatch(host))


def public_suffix_labels(labels: list[str], r: Rules | None = None) -> int:
    """How many trailing labels form the public suffix (the list's algorithm; default rule: 1)."""
    r = r or rules()
    n = len(labels)
    best = 1
    for k in range(1, min(n, MAX_RULE_LABELS) + 1):
        s = ".".join(labels[n - k:])
        if s in r.exception:
            return k - 1  # an exception rule wins over every other
        if s in r.exact:
            best = max(best, k)
        if s in r.wild and n >= k + 1:
            best = max(best, k + 1)
    return best


def registered_domain(host: str) -> str:
    """The registered domain of a normalised host: `i.pinimg.com` -> `pinimg.com`.

    IP addresses, single-label names and bare public suffixes (`co.uk`) stand for themselves.
    """
    if not host:
        return NO_HOST
    if is_ip(host) or "." not in host:
        return host
    labels = host.split(".")
    k = public_suffix_labels(labels)
    return ".".join(labels[-(k + 1):]) if len(labels) > k else host


def domain_of_url(url: str) -> str:
    """Registered domain of a URL exactly as the build folds it."""
    return registered_domain(normalise_host(raw_host(url)))


def domain_of_query(text: str) -> str:
    """What a reader typed (a domain, a host, a URL, maybe %-encoded) -> the registered domain to look up."""
    text = unquote(text.strip())
    if "/" in text or "@" in text or ":" in text:
        text = raw_host(text)
    return registered_domain(normalise_host(text))


def display_domain(domain: str) -> str:
    """Unicode form of a punycode domain for readers (`xn--bcher-kva.de` -> `bücher.de`)."""
    if "xn--" not in domain:
        return domain
    try:
        return domain.encode("ascii").decode("idna")
    except UnicodeError:
        return domain
