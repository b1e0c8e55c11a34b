"""Registered domains: the build's domain index against hand-labelled URLs, SQL against Python, any split.

The oracle is a table of URLs written out with the registered domain each belongs to, worked out
by hand from the public suffix list's rules (not by the code under test): multi-label suffixes,
wildcard and exception rules, ports, userinfo, upper case, a trailing dot, IDN and punycode, IP
addresses, URLs without a scheme.
"""

from __future__ import annotations

import json
import random
import zlib
from collections import Counter
from pathlib import Path
from unittest.mock import patch

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from precompute.build.run import build
from precompute.contract import hosts as psl
from precompute.domains import sql
from precompute.errors import InputError
from tests.fixtures import stale, write

# (URL, the registered domain it belongs to, worked out by hand)
LABELLED = [
    ("https://i.pinimg.com/236x/ab/cd/x.jpg", "pinimg.com"),
    ("https://s-media-cache-ak0.pinimg.com/a.jpg", "pinimg.com"),
    ("http://I.PINIMG.COM/b.jpg", "pinimg.com"),
    ("https://cdn.shopify.com/s/files/1/2/p.jpg?v=3", "shopify.com"),
    ("https://www.bbc.co.uk/news/img.png", "bbc.co.uk"),
    ("https://ichef.bbci.co.uk/x.jpg", "bbci.co.uk"),
    ("https://shop.example.com.au:8443/a.jpg", "example.com.au"),
    ("https://user:secret@photos.example.com.au/a.jpg", "example.com.au"),
    ("HTTPS://WWW.Example.CO.UK./Img.JPG", "example.co.uk"),
    ("https://www.example.co.uk./b.jpg", "example.co.uk"),
    ("https://b\u00fccher.de/cover.jpg", "xn--bcher-kva.de"),
    ("https://www.xn--bcher-kva.de/cover2.jpg", "xn--bcher-kva.de"),
    ("https://192.168.10.7/cam.jpg", "192.168.10.7"),
    ("https://192.168.10.7:8080/cam2.jpg", "192.168.10.7"),
    ("http://[2001:db8::1]:8080/v6.jpg", "[2001:db8::1]"),
    ("//cdn.example.org/no-scheme.jpg", "example.org"),
    ("img.example.org/bare.jpg", "example.org"),
    ("https://a.b.city.kawasaki.jp/x.jpg", "city.kawasaki.jp"),  # exception rule !city.kawasaki.jp
    ("https://x.shop.kawasaki.jp/x.jpg", "x.shop.kawasaki.jp"),  # wildcard rule *.kawasaki.jp
    ("https://photos.example.ck/p.jpg", "photos.example.ck"),  # wildcard *.ck
    ("https://www.ck/p.jpg", "www.ck"),  # exception !www.ck
    ("https://mysite.blogspot.com/p.jpg", "blogspot.com"),  # private section left out on purpose
    ("https://cdn.maisonsoleil12.test/a.jpg", "maisonsoleil12.test"),  # default rule for unlisted TLDs
    ("https://localhost/a.jpg", "localhost"),
    ("https://static.example.com?size=2", "example.com"),
    ("https://example.com#frag", "example.com"),
    ("https://co.uk/odd.jpg", "co.uk"),  # a bare public suffix stands for itself
    ("", psl.NO_HOST),
]


def _table(urls: list[str | None]) -> pa.Table:
    n = len(urls)
    # a row's caption follows from its URL, so a row is the same row whichever file holds it
    return pa.table({"URL": pa.array(urls, pa.string()),
                     "TEXT": pa.array([f"photo {zlib.crc32((u or '').encode())}" for u in urls]),
                     "similarity": pa.array([0.3] * n), "punsafe": pa.array([0.01] * n, pa.float32())})


def _index(out: Path) -> dict[str, dict]:
    t = pq.read_table(out / "domains.parquet")
    return {r["domain"]: r for r in t.to_pylist()}


@pytest.mark.parametrize(("url", "domain"), LABELLED)
def test_python_rules_fold_each_url_as_labelled(url: str, domain: str) -> None:
    assert psl.domain_of_url(url) == domain


def test_build_counts_domains_as_labelled(tmp_path: Path) -> None:
    rng = random.Random(5)
    rows = [(u, d) for u, d in LABELLED for _ in range(rng.randint(1, 4))]
    rng.shuffle(rows)
    write(_table([u for u, _ in rows]), tmp_path / "laion2B-en" / "part-00000.parquet")
    out = tmp_path / "agg"
    build([str(tmp_path / "laion2B-en" / "*.parquet")], out)
    index = _index(out)
    want = Counter(d for _, d in rows)
    assert {d: r["pairs"] for d, r in index.items()} == dict(want)
    assert all(r["laion2B-en"] == r["pairs"] for r in index.values())
    # distinct hosts, counted by hand: i.pinimg.com (in two spellings) and s-media-cache-ak0.pinimg.com
    assert index["pinimg.com"]["hosts"] == 2
    assert index["example.co.uk"]["hosts"] == 1  # www.example.co.uk, whatever the case and the dot
    assert index["example.com.au"]["hosts"] == 2  # shop. and photos., port and userinfo dropped
    names = list(index)
    assert names == sorted(names, key=lambda s: s.encode())  # sorted by domain, byte order


def test_index_matches_an_independent_count_of_the_shards(synth_shards: Path, dataset) -> None:
    """Totals and the named sites against DuckDB over the shards, with a simple host rule of its own."""
    con = duckdb.connect()
    src = f"read_parquet('{synth_shards}/*/*.parquet')"
    total, = con.execute(f"SELECT count(*) FROM {src}").fetchall()[0]
    pin, = con.execute(f"SELECT count(*) FROM {src} WHERE split_part(URL, '/', 3) LIKE '%.pinimg.com'").fetchall()[0]
    idx = pq.read_table(dataset.path / "domains.parquet")
    assert sum(idx.column("pairs").to_pylist()) == total
    assert dataset.domains.get("pinimg.com").pairs == pin
    manifest = json.loads((dataset.path / "manifest.json").read_text())
    assert manifest["files"]["domains.parquet"]["rows"] == idx.num_rows == manifest["domains"]["distinct_domains"]
    ranks = sorted(zip(idx.column("pairs").to_pylist(), idx.column("rank").to_pylist(), strict=True), reverse=True)
    for i, (pairs, rank) in enumerate(ranks):  # competition ranking: 1 + domains with more pairs
        assert rank == 1 + sum(1 for p, _ in ranks[:i] if p > pairs)
        if i > 50:
            break


hosts = st.one_of(
    st.sampled_from([h for u, _ in LABELLED for h in [psl.raw_host(u)]]),
    st.builds(lambda labels, tld, port, up: (".".join(labels) + tld + port).upper() if up
              else ".".join(labels) + tld + port,
              st.lists(st.from_regex(r"[a-z0-9\u00e0-\u00ff-]{1,8}", fullmatch=True), min_size=1, max_size=4),
              st.sampled_from([".com", ".co.uk", ".com.au", ".jp", ".kawasaki.jp", ".ck", ".test", ".de", ".", ""]),
              st.sampled_from(["", ":80", ":8080"]), st.booleans()),
    st.text(max_size=20),
)


@settings(max_examples=200, deadline=None)
@given(raw=st.lists(hosts, min_size=1, max_size=30))
def test_sql_and_python_fold_hosts_alike(raw: list[str]) -> None:
    con = duckdb.connect()
    sql.register(con)
    con.register("t", pa.table({"raw": pa.array(raw, pa.string())}))
    query = sql.registered_domain_query("(" + sql.normalised_host_query("t") + ")")
    rows = con.execute(f"SELECT raw, host, domain FROM ({query})").fetchall()
    for r, host, domain in rows:
        assert host == psl.normalise_host(r), r
        assert domain == psl.registered_domain(host), r


def test_any_split_in_any_order_gives_the_same_bytes(tmp_path: Path) -> None:
    rng = random.Random(11)
    urls = [u for u, _ in LABELLED] + [f"https://img{rng.randint(0, 300)}.site{rng.randint(0, 900)}.co.uk/{i}.jpg"
                                       for i in range(3000)]
    rng.shuffle(urls)
    write(_table(urls), tmp_path / "one" / "laion2B-en" / "part-00000.parquet")
    cuts = sorted(rng.sample(range(1, len(urls)), 4))
    for i, (a, b) in enumerate(zip([0, *cuts], [*cuts, len(urls)], strict=True)):
        # file names in reverse order of the rows: the build reads the pieces in another order
        write(_table(urls[a:b]), tmp_path / "split" / "laion2B-en" / f"part-{9 - i:05d}.parquet")
    build([str(tmp_path / "one" / "*" / "*.parquet")], tmp_path / "a")
    build([str(tmp_path / "split" / "*" / "*.parquet")], tmp_path / "b")
    assert (tmp_path / "a" / "domains.parquet").read_bytes() == (tmp_path / "b" / "domains.parquet").read_bytes()
    assert (tmp_path / "a" / "aggregates.json").read_bytes() == (tmp_path / "b" / "aggregates.json").read_bytes()


def test_work_folder_is_removed_after_success_and_failure(tmp_path: Path) -> None:
    write(_table([u for u, _ in LABELLED]), tmp_path / "laion2B-en" / "a.parquet")
    spill = tmp_path / "spill"
    build([str(tmp_path / "laion2B-en" / "*.parquet")], tmp_path / "agg", temp_dir=spill)
    assert list(spill.iterdir()) == []
    before = (tmp_path / "agg" / "domains.parquet").read_bytes()
    write(_table(["https://new.example.net/x.jpg"]), tmp_path / "laion2B-en" / "b.parquet")
    with patch("precompute.build.run.build_index", side_effect=RuntimeError("disk gone")), \
            pytest.raises(RuntimeError):
        build([str(tmp_path / "laion2B-en" / "*.parquet")], tmp_path / "agg", temp_dir=spill)
    assert list(spill.iterdir()) == []  # spill files and host partials are gone
    assert (tmp_path / "agg" / "domains.parquet").read_bytes() == before  # the old aggregates stay
    assert stale(tmp_path) == []


@pytest.mark.slow
def test_a_million_hosts_fit_a_tight_memory_limit_only_by_spilling(tmp_path: Path) -> None:
    n = 1_000_000  # distinct hosts (three host names under each of n/3 registered domains)
    urls = pa.array([f"https://img{i % 3}.store{i // 3}.co.uk/p/{i}.jpg" for i in range(n)])
    table = pa.table({"URL": urls, "TEXT": pa.array([f"caption {i}" for i in range(n)]),
                      "similarity": pa.array([0.3] * n), "punsafe": pa.array([0.01] * n, pa.float32())})
    write(table, tmp_path / "laion2B-en" / "part-00000.parquet")
    inputs = [str(tmp_path / "laion2B-en" / "*.parquet")]
    with pytest.raises(InputError) as e:
        build(inputs, tmp_path / "agg", memory_limit="200MB", spill=False)
    assert e.value.path == "--memory-limit" and "Out of Memory" in e.value.problem
    assert not (tmp_path / "agg").exists()
    manifest = build(inputs, tmp_path / "agg", memory_limit="200MB")
    assert manifest["domains"] == {"distinct_domains": -(-n // 3), "distinct_hosts": n}
    pairs = pq.read_table(tmp_path / "agg" / "domains.parquet", columns=["pairs"]).column(0)
    assert pa.compute.sum(pairs).as_py() == n


@pytest.mark.parametrize("raw", ["[", "[::1", " [x]:80 ", "a:", ":", " "])
def test_brackets_and_bare_colons_fold_alike(raw: str) -> None:
    con = duckdb.connect()
    sql.register(con)
    con.register("t", pa.table({"raw": pa.array([raw], pa.string())}))
    query = sql.registered_domain_query("(" + sql.normalised_host_query("t") + ")")
    (host, domain), = con.execute(f"SELECT host, domain FROM ({query})").fetchall()
    assert (host, domain) == (psl.normalise_host(raw), psl.registered_domain(psl.normalise_host(raw)))
