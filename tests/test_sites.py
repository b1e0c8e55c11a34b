"""The named-site rules: the SQL CASE used in the shard pass and the Python used after the merge agree."""

from __future__ import annotations

import duckdb
import pytest

from precompute.contract.hosts import normalise_host, registered_domain
from precompute.scan.sites import OTHER, site_case_sql, site_of_host

HOSTS = {
    "i.pinimg.com": "Pinterest", "s-media-cache-ak0.pinimg.com": "Pinterest", "pinimg.com": "Pinterest",
    "www.pinterest.com": "Pinterest", "pinterest.fr": "Pinterest", "br.pinterest.com": "Pinterest",
    "www.pinterest.co.uk": "Pinterest", "cdn.shopify.com": "Shopify", "shopify.com": "Shopify",
    "images.slideplayer.com": "SlidePlayer", "slideplayer.com.br": "SlidePlayer", "slideplayer.fr": "SlidePlayer",
    "notpinimg.com": OTHER, "pinterestingideas.com": OTHER, "myslideplayer.net": OTHER, "shop.example.com": OTHER,
    "cdn.shop-lumiere42.fr": OTHER, "": OTHER, "images.brightgarden417.com": OTHER,
}


def test_sql_and_python_rules_agree() -> None:
    con = duckdb.connect()
    hosts = list(HOSTS)
    rows = con.execute(f"SELECT h, {site_case_sql('h')} FROM unnest(?) AS t(h)", [hosts]).fetchall()
    sql = dict(rows)
    for host, want in HOSTS.items():
        assert sql[host] == want, host
        assert site_of_host(host) == want, host


@pytest.mark.parametrize(("host", "domain"), [
    ("i.pinimg.com", "pinimg.com"), ("images.slideplayer.com.br", "slideplayer.com.br"),
    ("www.example.co.uk", "example.co.uk"), ("HOST.Example.com:8080", "example.com"), ("", "(no host)"),
    ("user@cdn.shopify.com", "shopify.com")])
def test_registered_domains_use_the_bundled_suffix_list(host: str, domain: str) -> None:
    assert registered_domain(normalise_host(host)) == domain
