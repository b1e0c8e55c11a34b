"""The static export's domain search (app/export/search.py, static/js/site-index.js), without a browser:
the split files hold exactly the index, within their bounds; the cut keeps the biggest domains; the
JavaScript finds a host's registered domain and normalises prefixes as the server does."""

from __future__ import annotations

import json
import random
import re
import shutil
import subprocess
from collections import Counter
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from app.__main__ import domain_count
from app.core import format as fmt
from app.core.domains import prefix_of
from app.core.figures import subset_order
from app.export import rules as export_rules
from app.export import search as export_search
from precompute.contract import hosts as psl

ROOT = Path(__file__).resolve().parents[2]
NODE = shutil.which("node")
CALL = re.compile(r"explainerSiteIndex\.(\w+)\((.*)\);\n\Z", re.S)


def script_args(path: Path) -> tuple[str, list]:
    """A search file's registration call: (function name, its arguments as JSON)."""
    m = CALL.fullmatch(path.read_text(encoding="ascii"))
    assert m, path
    return m.group(1), json.loads("[" + m.group(2) + "]")


def read_copy(root: Path) -> tuple[dict, list[tuple[str, list[list]]], dict[str, list]]:
    """(manifest, [(key, rows)] of every part in order, {prefix: top list})."""
    kind, (manifest,) = script_args(root / "search/index.js")
    assert kind == "manifest"
    if "keys" in manifest:
        keys = manifest["keys"]
        assert not (root / "search/keys").exists()
    else:  # a big index: the keys in files of their own, each saying which part its first key is
        keys = []
        for n, (first_key, first_part) in enumerate(manifest["key_files"]):
            kind, (num, first, chunk) = script_args(root / f"search/keys/{n:04d}.js")
            assert kind == "keys" and num == n and first == first_part == len(keys) and chunk[0] == first_key
            keys += chunk
        assert len(manifest["key_files"]) == len(list((root / "search/keys").glob("*.js")))
    parts = []
    for n in range(len(keys)):
        kind, (num, key, rows) = script_args(root / f"search/part/{n:05d}.js")
        assert kind == "part" and num == n and key == keys[n]
        parts.append((key, rows))
    assert len(parts) == len(list((root / "search/part").glob("*.js")))
    tops: dict[str, list] = {}
    for n, first in enumerate(manifest["top_files"]):
        kind, (num, lists) = script_args(root / f"search/top/{n:04d}.js")
        assert kind == "top" and num == n and next(iter(lists)) == first
        assert not set(lists) & set(tops) and all(p > q for p in lists for q in tops)  # in prefix order
        tops.update(lists)
    assert manifest["top_depth"] == max(map(len, tops), default=0)
    return manifest, parts, tops


def index_rows(ds) -> list[dict]:
    return pq.read_table(ds.domains.path).to_pylist()  # the test replica's index is small


def check_copy(root: Path, ds, expected: list[dict]) -> dict:
    """The copy under root holds exactly `expected` (rows of domains.parquet), every file within the bounds."""
    manifest, parts, tops = read_copy(root)
    order = subset_order(ds)
    subsets = sorted(ds.domains.subsets, key=lambda s: order.index(s) if s in order else len(order))
    assert manifest["subsets"] == subsets
    assert manifest["domains"] == ds.domains.rows and manifest["held"] == len(expected)
    assert manifest["total_pairs"] == ds.aggregates.total_pairs
    assert (manifest["scale"], manifest["synthetic"]) == (ds.scale, ds.synthetic)
    got = []
    last = None
    for key, rows in parts:
        assert rows and len(rows) <= export_search.MAX_ROWS
        # file i holds keys[i] <= domain < keys[i + 1]
        assert key <= rows[0][0] and (last is None or last < key), (key, last, rows[0][0])
        last = rows[-1][0]
        got += rows
    assert parts[0][0] == ""
    want = [[r["domain"], r["pairs"], r["rank"], r["hosts"], manifest["sites"].index(r["site"]),
             *(r[s] for s in subsets)] for r in expected]
    assert [r[: 5 + len(subsets)] for r in got] == want
    for f in (root / "search").rglob("*.js"):
        assert f.stat().st_size <= export_search.MAX_BYTES, f
    for f in (root / "search/top").glob("*.js"):
        assert f.stat().st_size <= export_search.TOP_BYTES, f
    # every prefix with more domains than a file holds has its top list, biggest first, as the server ranks
    under = Counter(r["domain"][:k] for r in expected for k in range(1, len(r["domain"]) + 1))
    big = {p for p, n in under.items() if n > export_search.MAX_ROWS}
    assert set(tops) == big
    for p, rows in tops.items():
        best = sorted((r for r in expected if r["domain"].startswith(p)), key=lambda r: (-r["pairs"], r["domain"]))
        assert [r[0] for r in rows] == [r["domain"] for r in best[: export_search.TOP_K]]
        if len(expected) == ds.domains.rows:
            assert [r[0] for r in rows] == [m.domain for m in ds.domains.search(p, export_search.TOP_K)]
    return manifest


def test_default_export_holds_the_whole_index(exported_site, dataset):
    manifest = check_copy(exported_site, dataset, index_rows(dataset))
    assert manifest["cut"] is None and manifest["top_files"]  # the replica is big enough to need top lists
    assert len(manifest["keys"]) > 1
    page = (exported_site / "index.html").read_text()
    assert 'src="static/js/site-index.js"' in page
    assert page.index("static/js/site-index.js") < page.index("static/js/site-search.js")
    assert f"holds all {fmt.count(dataset.domains.rows)} registered domains" in page
    assert "holds all" in (exported_site / "README.txt").read_text()


def test_cut_keeps_the_biggest_domains(tmp_path, dataset):
    rows = index_rows(dataset)
    ranked = sorted(rows, key=lambda r: (-r["pairs"], r["domain"]))
    for limit in (50, 1, 2500):
        root = tmp_path / str(limit)
        written = export_search.write_index(dataset, root, limit)
        kept = sorted(ranked[:limit], key=lambda r: r["domain"])
        manifest = check_copy(root, dataset, kept)
        k = ranked[limit - 1]["pairs"]
        ties = sum(1 for r in rows if r["pairs"] == k)
        assert manifest["cut"] == {"limit": limit, "min_pairs": k, "ties": ties,
                                   "ties_kept": sum(1 for r in ranked[:limit] if r["pairs"] == k)}
        assert written.note.startswith(f"This offline copy holds the {fmt.count(limit)} biggest of "
                                       f"{fmt.count(dataset.domains.rows)} registered domains (")
        assert "a domain below the cut may still be in the data" in written.note
        assert "below the cut" in manifest["missing"] and manifest["note"] == written.note
    # a cut on a tie says which of the tied domains it kept
    assert "with exactly" in written.note and fmt.count(ties) in written.note
    # more than the data holds: everything, no cut
    whole = export_search.write_index(dataset, tmp_path / "all", 10 ** 9)
    assert not whole.cut.applies and export_search.write_index(dataset, tmp_path / "none", None).cut == whole.cut


def test_small_bounds_split_deeper(tmp_path, dataset, monkeypatch):
    """Bounds far below the defaults: the split goes several characters deep and still holds everything."""
    monkeypatch.setattr(export_search, "MAX_ROWS", 120)
    monkeypatch.setattr(export_search, "MAX_BYTES", 6_000)
    monkeypatch.setattr(export_search, "TOP_BYTES", 1_500)
    monkeypatch.setattr(export_search, "KEYS_INLINE", 100)
    monkeypatch.setattr(export_search, "KEYS_PER_FILE", 64)
    root = tmp_path / "small"
    written = export_search.write_index(dataset, root, None)
    manifest = check_copy(root, dataset, index_rows(dataset))
    assert written.parts > 300 and written.tops > 10 and len(manifest["key_files"]) > 5
    assert manifest["top_depth"] > export_search.DEPTHS_PER_PASS  # counted over more than one pass
    assert written.largest <= export_search.MAX_BYTES


def test_export_command_takes_a_cut(tmp_path, synth_aggregates, capsys):
    from app.__main__ import main

    assert main(["export", "--out", str(tmp_path / "usb"), "--data", str(synth_aggregates), "--domains", "20"]) == 0
    assert "for the domain search" in capsys.readouterr().out
    _, (manifest,) = script_args(tmp_path / "usb/search/index.js")
    assert manifest["held"] == 20 and manifest["cut"]["limit"] == 20
    assert "holds the 20 biggest of" in (tmp_path / "usb/index.html").read_text()
    with pytest.raises(SystemExit):
        main(["export", "--out", str(tmp_path / "usb"), "--data", str(synth_aggregates), "--domains", "0"])


def test_domains_option():
    assert domain_count("all") is None and domain_count("ALL") is None
    assert domain_count("1,000,000") == 1_000_000 and domain_count("50") == 50
    for bad in ("0", "-3", "many"):
        with pytest.raises(Exception, match="give"):
            domain_count(bad)


# ---------------------------------------------------------------- site-index.js under node

HOSTS = [
    "pinimg.com", "i.pinimg.com", "https://user:pw@I.PINIMG.com.:443/a/b.jpg?x=1#f", "//cdn.shop.co.uk/x",
    "shop.co.uk", "foo.co.uk", "co.uk", "a.b.c.shop.co.uk", "kawasaki.jp", "x.kawasaki.jp", "y.x.kawasaki.jp",
    "city.kawasaki.jp", "www.city.kawasaki.jp", "a.b.city.kawasaki.jp", "www.ck", "a.www.ck", "b.ck", "c.b.ck",
    "1.2.3.4", "5.1.2.3.4", "http://1.2.3.4:8080/x", "[::1]", "http://[::1]:80/", "localhost", "foo.localhost",
    "bücher.de", "https://www.Bücher.de/x", "Straße.de", "http://ドメイン。テスト/", "%77ww.pinimg.com",
    "http%3A%2F%2Fimg.example.com%2Fa", "example.com", "sub.example.com", "a.b.c.d.e.f.kobe.jp", "e.f.kobe.jp",
    "HTTP://Example.COM..", "ex ample.com", "", "/", "http://", "mailto:someone@example.org",
]
DECOYS = ["co.uk", "uk", "kawasaki.jp", "jp", "1.2.3.4", "3.4", "ck", "www.ck", "localhost", "kobe.jp",
          "f.kobe.jp", "example.com", "com"]
RESOLVE = """
const si = require(process.argv[2]);
const {index, queries, prefixes} = JSON.parse(require('fs').readFileSync(0, 'utf8'));
const get = (name) => index[name];
const extra = (row) => row.extra || {};
process.stdout.write(JSON.stringify({
  found: queries.map((q) => { const row = si.resolve(si.hostOf(q), get, extra); return row ? row.domain : null; }),
  prefixes: prefixes.map((q) => si.prefixOf(q)),
}));
"""


def run_resolve(tmp_path: Path, names: set[str], queries: list[str], prefixes: list[str]) -> dict:
    rules = export_rules.Rules()
    index = {n: {"domain": n, "extra": rules.extra(n)} for n in names}
    runner = tmp_path / "resolve.js"
    runner.write_text(RESOLVE)
    out = subprocess.run([NODE, str(runner), str(ROOT / "static/js/site-index.js")],
                         input=json.dumps({"index": index, "queries": queries, "prefixes": prefixes}),
                         capture_output=True, text=True, check=True, timeout=60)
    return json.loads(out.stdout)


@pytest.mark.skipif(NODE is None, reason="node is not installed")
def test_js_finds_the_registered_domain_as_the_server_does(tmp_path):
    registered = {psl.domain_of_query(h) for h in HOSTS}
    for names in (registered | set(DECOYS), set(DECOYS), registered - {"shop.co.uk", "kawasaki.jp", "3.4"}):
        got = run_resolve(tmp_path, names, HOSTS, HOSTS)
        want = [d if (d := psl.domain_of_query(h)) in names else None for h in HOSTS]
        assert got["found"] == want, [(h, g, w) for h, g, w in zip(HOSTS, got["found"], want, strict=True) if g != w]
    assert got["prefixes"] == [prefix_of(h) for h in HOSTS]


@pytest.mark.skipif(NODE is None, reason="node is not installed")
def test_js_resolves_random_hosts_against_random_indexes(tmp_path):
    """Hosts built on the awkward corners of the suffix list, looked up in an index holding a random
    part of the names that can be index keys among their suffixes (registered domains, and public
    suffixes or addresses seen as hosts of their own: the decoys a longest-suffix rule could stop at)."""
    rng = random.Random(3)
    tails = ["com", "co.uk", "uk", "kawasaki.jp", "city.kawasaki.jp", "kobe.jp", "jp", "ck", "www.ck", "test",
             "3.4", "2.3.4", "com.au", "k12.ma.us", "ma.us", "us"]
    hosts = [".".join([*(rng.choice("abcw") for _ in range(rng.randint(0, 3))), rng.choice(tails)])
             for _ in range(1500)]
    hosts += [f"{rng.randint(0, 255)}.{rng.randint(0, 255)}.3.4" for _ in range(50)]
    names: set[str] = set()
    for h in hosts:
        labels = h.split(".")
        for i in range(len(labels)):
            name = ".".join(labels[i:])
            if rng.random() < 0.3 and psl.registered_domain(name) == name:  # what an index key can be
                names.add(name)
    got = run_resolve(tmp_path, names, hosts, [])
    want = [d if (d := psl.domain_of_query(h)) in names else None for h in hosts]
    wrong = [(h, g, w) for h, g, w in zip(hosts, got["found"], want, strict=True) if g != w]
    assert not wrong, wrong[:10]
    assert sum(1 for w in want if w) > 300


@pytest.mark.skipif(NODE is None, reason="node is not installed")
def test_js_orders_keys_as_the_index_does(tmp_path):
    words = sorted(["a", "ab", "a-b", "a.b", "b", "é.fr", "z", "\uffff", "\U0001f600.ws", "xn--a", "0"])
    runner = tmp_path / "order.js"
    runner.write_text("const si = require(process.argv[2]);\n"
                      "const w = JSON.parse(require('fs').readFileSync(0, 'utf8'));\n"
                      "process.stdout.write(JSON.stringify([w.slice().reverse().sort(si.compare),"
                      " w.map((x) => si.bisect(w, x + '!'))]));")
    out = subprocess.run([NODE, str(runner), str(ROOT / "static/js/site-index.js")], input=json.dumps(words),
                         capture_output=True, text=True, check=True, timeout=60)
    order, where = json.loads(out.stdout)
    assert order == words  # code point order: Python's, and the byte order of domains.parquet
    assert where == [max(i for i, w in enumerate(words) if w <= x + "!") for x in words]
