"""Named sites: the hosts that the story singles out, folded into one name each.

Used from this one table: as a SQL CASE in the per-shard pass (so each site gets its own
similarity histogram) and in the domain index, and in Python for the caption samples after the
merge. tests check that the SQL and Python rules agree.
"""

from __future__ import annotations

from dataclasses import dataclass

OTHER = "(other)"


@dataclass(frozen=True)
class Site:
    name: str
    domain: str  # the registered domain shown for the site
    host_suffixes: tuple[str, ...] = ()  # host is this domain or a subdomain of it
    labels: tuple[str, ...] = ()  # a whole host label followed by a suffix: pinterest.fr, www.pinterest.co.uk


SITES: tuple[Site, ...] = (
    Site("Pinterest", "pinterest.com", host_suffixes=("pinimg.com",), labels=("pinterest",)),
    Site("Shopify", "shopify.com", host_suffixes=("shopify.com",)),
    Site("SlidePlayer", "slideplayer.com", labels=("slideplayer",)),
)


def _sql_quote(s: str) -> str:
    return "'" + s.replace("'", "''") + "'"


def site_case_sql(host: str) -> str:
    """A SQL CASE giving the named site of `host` (a host expression), else OTHER.

    Plain string tests, no regular expressions: this runs on every row of every shard.
    """
    arms = []
    for site in SITES:
        tests = [f"{host} = {_sql_quote(s)} OR ends_with({host}, {_sql_quote('.' + s)})"
                 for s in site.host_suffixes]
        tests += [f"starts_with({host}, {_sql_quote(lab + '.')}) OR contains({host}, {_sql_quote('.' + lab + '.')})"
                  for lab in site.labels]
        arms.append(f"WHEN {' OR '.join(tests)} THEN {_sql_quote(site.name)}")
    # most hosts are none of these: one cheap contains() per pattern sends them to OTHER first
    maybe = " OR ".join([f"contains({host}, {_sql_quote(s)})" for site in SITES for s in site.host_suffixes]
                        + [f"contains({host}, {_sql_quote(lab + '.')})" for site in SITES for lab in site.labels])
    return f"CASE WHEN NOT ({maybe}) THEN {_sql_quote(OTHER)} {' '.join(arms)} ELSE {_sql_quote(OTHER)} END"


def site_of_host(host: str) -> str:
    """The named site of a host: the same rules as site_case_sql, in Python."""
    for site in SITES:
        if any(host == s or host.endswith("." + s) for s in site.host_suffixes):
            return site.name
        if any(host.startswith(lab + ".") or f".{lab}." in host for lab in site.labels):
            return site.name
    return OTHER
