"""'Is your site in it?' in the static export, opened from file:// with no server and no network: the
answers read from search/ print exactly what the server's no-JS page prints for the same domain."""

from __future__ import annotations

import html
import random
import re
import shutil
from pathlib import Path
from urllib.parse import quote

import pyarrow.parquet as pq
import pytest

from app.core import format as fmt
from app.export import search as export_search
from app.export.site import export

from .test_export import open_file

pytestmark = pytest.mark.browser

RESULT = re.compile(r"<div[^>]*data-site-result>(.*?)</div>", re.S)


def server_answer(client, text: str) -> tuple[str, list[list[str]]]:
    """The no-JS page's answer to /?site=text: its sentence and its (label, text) lines."""
    block = RESULT.search(client.get("/", params={"site": text}).text).group(1)
    sentence = html.unescape(re.sub(r"<[^>]+>", "", re.search(r"<p[^>]*>(.*?)</p>", block, re.S).group(1)))
    lines = [[html.unescape(k), html.unescape(v)] for k, v in re.findall(r"<dt>(.*?)</dt><dd>(.*?)</dd>", block)]
    return sentence, lines


def ask(page, text: str) -> dict:
    """Type `text` into the box, submit, and read the answer the page shows."""
    page.evaluate("document.querySelector('[data-site-result]').replaceChildren()")
    page.fill("#site-q", text)
    page.press("#site-q", "Enter")
    page.wait_for_selector("[data-site-result] .site-found, [data-site-result] .site-missing")
    return page.evaluate("""() => {
        const r = document.querySelector('[data-site-result]');
        const p = r.querySelector('.site-found, .site-missing');
        return {found: p.classList.contains('site-found'), sentence: p.textContent,
                lines: [...r.querySelectorAll('dt')].map(dt => [dt.textContent, dt.nextElementSibling.textContent])};
    }""")


def suggestions(page, prefix: str) -> list[list[str]]:
    page.evaluate("document.querySelector('[data-site-suggestions]').replaceChildren()")
    page.fill("#site-q", "")
    page.type("#site-q", prefix)
    page.wait_for_function("() => document.querySelectorAll('[data-site-suggestions] option').length > 0")
    return page.evaluate("[...document.querySelectorAll('[data-site-suggestions] option')]"
                         ".map(o => [o.value, o.label])")


def ranked(dataset) -> list[dict]:
    rows = pq.read_table(dataset.domains.path).to_pylist()
    return sorted(rows, key=lambda r: (-r["pairs"], r["domain"]))


def one_subset_domain(dataset) -> str:
    subsets = dataset.domains.subsets
    return next(r["domain"] for r in ranked(dataset)[100:] if sum(1 for s in subsets if r[s]) == 1)


def test_site_search_from_disk(browser, exported_site, dataset, client):
    ctx, page, confined, errors = open_file(browser, exported_site, "index.html")
    page.locator("#site-search").scroll_into_view_if_needed()
    top = ranked(dataset)
    # domains in the data: a named site in every subset, an invented one in a single subset, one from the middle
    for domain in ["pinimg.com", one_subset_domain(dataset), top[len(top) // 2]["domain"]]:
        got = ask(page, domain)
        assert got["found"], (domain, got)
        assert [got["sentence"], got["lines"]] == list(server_answer(client, domain))
    # a host and a whole image address answer for their registered domain, as on the server
    for text in ["i.pinimg.com", "https://User@I.PINIMG.com.:443/originals/ab/cd.jpg?w=1#top"]:
        got = ask(page, text)
        assert got["sentence"] == "pinimg.com is in this data.", (text, got)
        assert got["lines"] == server_answer(client, text)[1]
    # suggestions for two letters, biggest first: a prefix with a top list of its own, and one inside a file
    tops = {p for f in (exported_site / "search/top").glob("*.js") for p in re.findall(r'"(\w+)":\[\[', f.read_text())}
    assert "co" in tops and "pi" not in tops
    for prefix in ("co", "pi"):
        want = dataset.domains.search(prefix, 8)
        assert suggestions(page, prefix) == [[m.domain, fmt.pairs(m.pairs, dataset.scale, dataset.synthetic) + " pairs"]
                                             for m in want]
    # a domain the data does not have
    got = ask(page, "no-such-site-anywhere.test")
    assert not got["found"] and "is not in this copy" in got["sentence"], got
    assert not confined.left, confined.left
    assert not errors, errors
    ctx.close()


def test_shared_site_link_from_disk(browser, exported_site, dataset, client):
    """index.html?site=... (the form's own GET, or a link someone shared) answers on arrival."""
    ctx, page, confined, errors = open_file(browser, exported_site, "index.html?site=i.pinimg.com#site-search")
    page.wait_for_selector("[data-site-result] .site-found")
    assert page.input_value("#site-q") == "i.pinimg.com"
    lines = page.evaluate("[...document.querySelectorAll('[data-site-result] dt')]"
                          ".map(dt => [dt.textContent, dt.nextElementSibling.textContent])")
    assert lines == server_answer(client, "pinimg.com")[1]
    assert not confined.left and not errors, (confined.left, errors)
    ctx.close()


@pytest.fixture(scope="module")
def cut_site(dataset, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("export-cut") / "site"
    export(dataset, out, domains=50)
    return out


def test_cut_from_disk(browser, cut_site, dataset, client):
    ctx, page, confined, errors = open_file(browser, cut_site, "index.html")
    page.locator("#site-search").scroll_into_view_if_needed()
    note = export_search.cut_note(export_search.plan_cut(pq.ParquetFile(dataset.domains.path), 50), dataset)[0]
    assert page.text_content("[data-site-copy]") == note
    assert note.startswith(f"This offline copy holds the 50 biggest of {fmt.count(dataset.domains.rows)} registered")
    top = ranked(dataset)
    # above the cut: the same answer as the whole data gives (rank and count of the whole data)
    got = ask(page, top[10]["domain"])
    assert [got["sentence"], got["lines"]] == list(server_answer(client, top[10]["domain"]))
    # below it: not in this copy, which says where the cut is, and not that the data lacks it
    below = top[500]["domain"]
    got = ask(page, below)
    assert not got["found"], got
    assert got["sentence"].startswith(f"{below} is not in this copy")
    assert "below the cut" in got["sentence"] and "may still be in the data" in got["sentence"]
    assert "not in this data" not in got["sentence"]
    assert page.evaluate("window.explainerSiteSource.manifest().then(m => m.held)") == 50
    assert not confined.left, confined.left
    assert not errors, errors
    ctx.close()


@pytest.fixture(scope="module")
def small_site(exported_site, dataset, tmp_path_factory) -> Path:
    """The export with its search/ rewritten under tiny bounds: hundreds of parts, keys in files of
    their own, many top-list files, prefixes across parts."""
    out = tmp_path_factory.mktemp("export-small") / "site"
    shutil.copytree(exported_site, out)
    shutil.rmtree(out / "search")
    with pytest.MonkeyPatch.context() as mp:
        for name, value in (("MAX_ROWS", 120), ("MAX_BYTES", 6_000), ("TOP_BYTES", 1_500),
                            ("KEYS_INLINE", 100), ("KEYS_PER_FILE", 64)):
            mp.setattr(export_search, name, value)
        export_search.write_index(dataset, out, None)
    assert (out / "search/keys").is_dir()
    return out


def test_answers_are_the_apis_under_small_bounds(browser, small_site, dataset, client):
    """The source's answers, field for field, against /api/domains, on a split many files deep."""
    ctx, page, confined, errors = open_file(browser, small_site, "index.html")
    rng = random.Random(8)
    rows = ranked(dataset)
    asked = [r["domain"] for r in rng.sample(rows, 60)] + [rows[0]["domain"], rows[-1]["domain"]]
    asked += ["cdn." + rng.choice(rows)["domain"], "http://www." + rng.choice(rows)["domain"] + "/a.jpg",
              "nothing-like-it.test", "com", "a"]
    got = page.evaluate("texts => Promise.all(texts.map(t => window.explainerSiteSource.lookup(t)))", asked)
    for text, answer in zip(asked, got, strict=True):
        res = client.get("/api/domains/" + quote(text, safe=""))
        assert answer == (res.json() if res.status_code == 200 else None), text
    prefixes = sorted({r["domain"][:k] for r in rng.sample(rows, 40) for k in (2, 3, 5)}) + ["co", "s", "zz", "pin"]
    got = page.evaluate("qs => Promise.all(qs.map(q => window.explainerSiteSource.search(q, 8)))", prefixes)
    for q, matches in zip(prefixes, got, strict=True):
        assert matches == client.get("/api/domains", params={"q": q, "limit": 8}).json()["matches"], q
    assert not confined.left and not errors, (confined.left, errors)
    ctx.close()
