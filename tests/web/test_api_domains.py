"""/api/domains and the page's 'Is your site in it?' against independent DuckDB counts of the fixture."""

from __future__ import annotations

import random
from pathlib import Path
from urllib.parse import quote

import duckdb
import pytest

from app.core.domains import DomainIndex


def _shard_count(shards: Path, domain: str) -> int:
    """Rows whose URL host is the domain or under it: a plain rule of its own, not the build's code."""
    con = duckdb.connect()
    return con.execute(
        f"SELECT count(*) FROM (SELECT lower(split_part(URL, '/', 3)) AS h FROM read_parquet('{shards}/*/*.parquet')) "
        "WHERE h = ? OR ends_with(h, ?)", [domain, "." + domain]).fetchall()[0][0]


@pytest.fixture(scope="module")
def sample_domains(dataset) -> list[str]:
    con = duckdb.connect()
    rows = con.execute(f"SELECT domain FROM '{dataset.path}/domains.parquet' WHERE domain LIKE '%.test' "
                       "ORDER BY hash(domain) LIMIT 12").fetchall()
    return [r[0] for r in rows]


def test_domain_answer_counts_match_the_shards(client, synth_shards, dataset, sample_domains) -> None:
    total = dataset.aggregates.total_pairs
    for domain in ["pinimg.com", "shopify.com", *sample_domains]:
        r = client.get(f"/api/domains/{domain}")
        assert r.status_code == 200, domain
        body = r.json()
        want = _shard_count(synth_shards, domain)
        assert body["domain"] == domain and body["pairs"] == want
        assert body["share"] == pytest.approx(want / total)
        assert sum(s["pairs"] for s in body["subsets"]) == want
        assert body["estimate"] == want * dataset.scale and body["synthetic"] is True


def test_a_host_and_a_url_answer_for_their_registered_domain(client, sample_domains) -> None:
    domain = sample_domains[0]
    want = client.get(f"/api/domains/{domain}").json()
    for asked in (f"www.{domain}", f"CDN.{domain.upper()}.", f"https://user@img.{domain}:8443/a/b.jpg?x=1#y"):
        r = client.get("/api/domains/" + quote(asked, safe=""))
        assert r.status_code == 200, asked
        got = r.json()
        assert got["query"] == asked and {k: got[k] for k in ("domain", "pairs", "rank")} == \
            {k: want[k] for k in ("domain", "pairs", "rank")}


def test_rank_is_one_plus_the_domains_with_more_pairs(client, dataset, sample_domains) -> None:
    con = duckdb.connect()
    for domain in sample_domains[:4]:
        body = client.get(f"/api/domains/{domain}").json()
        more = con.execute(f"SELECT count(*) FROM '{dataset.path}/domains.parquet' WHERE pairs > ?",
                           [body["pairs"]]).fetchall()[0][0]
        assert body["rank"] == 1 + more
        assert body["of"] == dataset.domains.rows


def test_absent_domain_is_a_404_naming_it(client) -> None:
    r = client.get("/api/domains/" + quote("https://www.nowhere-at-all.example/x.jpg", safe=""))
    assert r.status_code == 404
    body = r.json()
    assert body["error"] == "not found" and body["parameter"] == "domain"
    assert "nowhere-at-all.example" in body["detail"]


@pytest.mark.parametrize("prefix", ["p", "sh", "mo", "le", "www.pi", "HTTPS://www.Sh", "zzzz"])
def test_prefix_search_is_biggest_first_like_a_plain_query(client, dataset, prefix: str) -> None:
    p = prefix.lower().removeprefix("https://").removeprefix("www.")
    con = duckdb.connect()
    want = con.execute(f"SELECT domain, pairs FROM '{dataset.path}/domains.parquet' WHERE starts_with(domain, ?) "
                       "ORDER BY pairs DESC, domain LIMIT 7", [p]).fetchall()
    r = client.get("/api/domains", params={"q": prefix, "limit": 7})
    assert r.status_code == 200
    body = r.json()
    assert body["prefix"] == p
    assert [(m["domain"], m["pairs"]) for m in body["matches"]] == want


def test_bisected_search_agrees_with_duckdb_on_a_many_row_group_index(tmp_path: Path, monkeypatch) -> None:
    """Small row groups: prefixes spanning many groups, the early stop and ties all exercised."""
    from precompute.domains import index as index_module
    from precompute.domains.index import index_schema, write_sorted

    monkeypatch.setattr(index_module, "ROW_GROUP_ROWS", 500)
    rng = random.Random(3)
    names = sorted({"".join(rng.choice("abcd") for _ in range(rng.randint(1, 7))) + rng.choice([".com", ".de"])
                    for _ in range(60_000)})
    con = duckdb.connect()
    con.execute("CREATE TABLE d AS SELECT unnest(?) AS domain", [names])
    rel = con.sql("SELECT domain, '(other)' AS site, CAST(1 + hash(domain) % 50 AS BIGINT) AS pairs, "
                  "CAST(0 AS BIGINT) AS rank, CAST(1 AS BIGINT) AS hosts, "
                  "CAST(1 + hash(domain) % 50 AS BIGINT) AS \"laion2B-en\" FROM d ORDER BY domain")
    path = tmp_path / "domains.parquet"
    write_sorted(rel, path, index_schema(["laion2B-en"]))
    index = DomainIndex(path, ["laion2B-en"])
    assert len(index.first) > 20
    for q in ["a", "b", "ab", "abc", "dd", "d.c", "cab", "x"]:
        want = con.execute(f"SELECT domain, pairs FROM '{path}' WHERE starts_with(domain, ?) "
                           "ORDER BY pairs DESC, domain LIMIT 10", [q]).fetchall()
        assert [(m.domain, m.pairs) for m in index.search(q, 10)] == want, q
    for name in rng.sample(names, 50):
        assert index.get(name).domain == name
    assert index.get("zzz.com") is None and index.get("0.com") is None


def test_limits_and_bad_queries_are_422(client) -> None:
    for params in ({"q": ""}, {"q": "a", "limit": 0}, {"q": "a", "limit": 51}, {"q": "x" * 3000}):
        r = client.get("/api/domains", params=params)
        assert r.status_code == 422 and r.json()["parameter"] in ("q", "limit"), params
    assert client.get("/api/domains/" + "x" * 3000).status_code == 422


def test_page_answers_without_javascript(client, dataset) -> None:
    body = client.get("/api/domains/pinimg.com").json()
    page = client.get("/", params={"site": "i.pinimg.com"}).text
    block = page[page.index('id="site-search"'):]
    block = block[:block.index("</dl>")]
    assert "pinimg.com</strong> is in this data" in block
    assert f"{body['rank']} of {dataset.domains.rows:,} registered domains" in block
    assert 'name="site"' in block and 'value="i.pinimg.com"' in block
    missing = client.get("/", params={"site": "https://nowhere-at-all.example/a.jpg"}).text
    assert "nowhere-at-all.example</strong> is not in this data" in missing


def test_captions_in_a_query_are_escaped(client) -> None:
    page = client.get("/", params={"site": '"><script>alert(1)</script>'}).text
    assert "<script>alert(1)</script>" not in page
