"""Issue 4 over HTTP: embed pages and their JSON twins, oEmbed and the embed code, the appendix, the slides."""

from __future__ import annotations

import html
import json
import re
from pathlib import Path
from urllib.parse import parse_qs, quote, urlsplit

import pytest
from markupsafe import escape

from app import charts, story
from app.core import figures
from app.core import format as fmt
from app.settings import STATIC_DIR
from app.story import appendix
from app.web.context import Web
from app.web.views import slides as present
from app.web.views.embed import snippet
from tests.html_checks import assert_no_inline_code, available, parse

BASE = "http://testserver"


# ---------------------------------------------------------------- /embed/{chart}


def test_every_embed_renders(client, dataset):
    t = figures.default_cut(dataset)
    for cid in available(dataset):
        chart = charts.CHARTS[cid]
        r = client.get(f"/embed/{cid}")
        assert r.status_code == 200, cid
        assert r.headers["content-type"].startswith("text/html")
        page = r.text
        tags = parse(page)
        assert f'data-chart="{cid}"' in page
        assert str(escape(chart.title)) in page
        # the description, its live numbers marked up for the slider
        desc = re.search(rf'id="figd-{cid}">(.*?)</p>', page, re.S).group(1)
        assert html.unescape(re.sub(r"<[^>]+>", "", desc)) == chart.describe(dataset, t)
        # credit: the manifest's data source, the synthetic flag, the essay, the licence, the way back
        assert str(escape(charts.credit_lines(dataset)[0])) in page
        assert "synthetic replica" in page and "calibrated to published figures" in page
        assert f'href="{story.ESSAY_URL}"' in page and "CC BY 4.0" in page and "MIT" in page
        assert f'href="/?d={t.d:.3f}#{chart.step}"' in page  # the replica opens in the offset mode
        # its own slider exactly where the chart follows the threshold
        sliders = [a for tag, a in tags.tags if tag == "input" and a.get("type") == "range" and a.get("name") == "d"]
        assert len(sliders) == (1 if chart.live else 0), cid
        # oEmbed discovery, absolute as the spec asks
        links = [a for tag, a in tags.tags if tag == "link" and a.get("type") == "application/json+oembed"]
        assert len(links) == 1
        href = links[0]["href"]
        assert href.startswith(f"{BASE}/oembed?url=") and parse_qs(urlsplit(href).query)["url"][0].startswith(
            f"{BASE}/embed/{cid}")
        assert client.get(href).status_code == 200
        assert_no_inline_code(page)


def test_embed_carries_t_and_theme(client, dataset, removed_at):
    r = client.get("/embed/similarity", params={"t": 0.3, "theme": "dark"})
    assert r.status_code == 200
    page = r.text
    assert 'data-theme="dark"' in page and '<meta name="color-scheme" content="dark">' in page
    data = json.loads(re.search(r'id="explainer-data">(.*?)</script>', page, re.S).group(1))
    assert data["t"] == pytest.approx(0.3) and data["theme"] == "dark" and data["chart"] == "similarity"
    assert list(data["charts"]) == ["similarity"]
    assert f'data-stat="removed" data-value="{removed_at(0.3)["removed"]}"' in page
    assert 'name="theme" value="dark"' in page  # the no-JS slider form keeps the theme
    assert 'href="/charts/similarity.svg?t=0.300"' in page
    assert client.get("/embed/subsets", params={"theme": "auto"}).text.count('data-theme="auto"') == 1
    light = client.get("/embed/subsets").text
    assert 'data-theme="light"' in light  # newsrooms' pages are mostly light: the default
    assert client.get("/embed/subsets", params={"theme": "sepia"}).status_code == 422
    assert client.get("/embed/subsets", params={"t": 2}).status_code == 422


def test_unknown_embed_is_404(client):
    r = client.get("/embed/nope", headers={"Accept": "text/html"})
    assert r.status_code == 404 and r.headers["content-type"].startswith("text/html")
    r = client.get("/embed/nope")
    assert r.status_code == 404 and r.json()["parameter"] == "chart"


def test_embeds_may_be_framed_anywhere_the_story_may_not(client):
    csp = client.get("/embed/subsets").headers.get("content-security-policy", "")
    assert "frame-ancestors *" in csp
    assert "frame-ancestors 'self'" in client.get("/present").headers["content-security-policy"]


def test_api_charts_lists_working_embed_urls(client, dataset):
    listing = client.get("/api/charts", params={"t": 0.3}).json()
    assert [c["id"] for c in listing] == available(dataset)
    for c in listing:
        assert c["embed_url"] == f"/embed/{c['id']}?t=0.300"
        assert client.get(c["embed_url"]).status_code == 200


def test_theme_colours_match_site_css():
    """embed.css pins light or dark with copies of site.css's colours: they must not drift apart."""
    root = STATIC_DIR / "css"
    site, emb = (root / "site.css").read_text(), (root / "embed.css").read_text()

    def block(text: str, selector: str) -> dict[str, str]:
        body = re.search(re.escape(selector) + r"\s*\{([^}]*)\}", text).group(1)
        body = re.sub(r"/\*.*?\*/", "", body, flags=re.S)
        return dict(re.findall(r"(--[\w-]+)\s*:\s*([^;]+);", body))

    light = block(site, ":root")
    dark = block(site.split("@media (prefers-color-scheme: dark)", 1)[1], ":root")
    assert dark and block(emb, ':root[data-theme="dark"]') == dark
    assert block(emb, ':root[data-theme="light"]') == {k: light[k] for k in dark}


# ---------------------------------------------------------------- /oembed


def oembed(client, url: str, **params):
    return client.get("/oembed", params={"url": url, **params})


def test_oembed_shape(client, dataset):
    url = f"{BASE}/embed/similarity?t=0.3"
    r = oembed(client, url, format="json")
    assert r.status_code == 200
    d = r.json()
    assert d["version"] == "1.0" and d["type"] == "rich"
    assert d["title"] == charts.CHARTS["similarity"].title
    assert d["provider_name"] == appendix.PROJECT and d["provider_url"] == f"{BASE}/"
    assert story.ESSAY_AUTHORS in d["author_name"] and d["author_url"] == story.ESSAY_URL
    assert isinstance(d["width"], int) and isinstance(d["height"], int) and 300 <= d["height"] < 3000
    assert d["synthetic"] is True and d["license"] == "CC BY 4.0" and d["credit"] == charts.credit(dataset)
    frame = parse(d["html"])
    iframe = next(a for tag, a in frame.tags if tag == "iframe")
    assert iframe["src"] == f"{BASE}/embed/similarity?t=0.300" and iframe["title"] == d["title"]
    assert iframe["height"] == str(d["height"]) and iframe["width"] == str(d["width"])
    assert any(a.get("src") == f"{BASE}/static/js/embed-resize.js" for tag, a in frame.tags if tag == "script")
    assert client.get(iframe["src"]).status_code == 200
    # a narrower frame is taller; maxwidth and maxheight are honoured
    narrow = oembed(client, url, maxwidth=320).json()
    assert narrow["width"] == 320 and narrow["height"] > d["height"]
    assert oembed(client, url, maxheight=200).json()["height"] == 200
    assert oembed(client, f"{BASE}/embed/stack", maxwidth=5000).json()["width"] == d["width"]
    assert oembed(client, f"{BASE}/embed/subsets?theme=dark").json()["html"].count("theme=dark") == 1


@pytest.mark.parametrize(("url", "params", "status", "parameter"), [
    ("https://elsewhere.example/embed/similarity", {}, 404, "url"),
    (f"{BASE}/present", {}, 404, "url"),
    (f"{BASE}/#nowhere", {}, 404, "url"),  # the story answers (its step's chart), an anchor of no step does not
    (f"{BASE}/?t=7", {}, 422, "url"),
    (f"{BASE}/embed/nope", {}, 404, "url"),
    (f"{BASE}/embed/../api/stats", {}, 404, "url"),
    ("/embed/similarity", {}, 422, "url"),
    ("javascript:alert(1)", {}, 422, "url"),
    (f"{BASE}/embed/similarity?t=7", {}, 422, "url"),
    (f"{BASE}/embed/similarity?theme=sepia", {}, 422, "url"),
    (f"{BASE}/embed/similarity", {"format": "xml"}, 501, "format"),
    (f"{BASE}/embed/similarity", {"format": "yaml"}, 422, "format"),
    (f"{BASE}/embed/similarity", {"maxwidth": 0}, 422, "maxwidth"),
])
def test_oembed_errors(client, url, params, status, parameter):
    r = oembed(client, url, **params)
    assert r.status_code == status
    body = r.json()
    assert body["parameter"] == parameter and body["detail"]


def test_oembed_needs_a_url(client):
    r = client.get("/oembed")
    assert r.status_code == 422 and r.json()["parameter"] == "url"


# ---------------------------------------------------------------- the story: embed button, appendix


def test_story_has_an_embed_button_per_chart_and_the_appendix(client, dataset):
    page = client.get("/").text
    for cid in available(dataset):
        assert f'data-embed-open="{cid}"' in page
        assert f'href="/embed/{cid}?d=0.000"' in page  # without JS, the link opens the embed page
    assert 'id="embed-dialog"' in page
    assert client.get("/static/js/embed-resize.js").status_code == 200
    a = re.search(r'<section class="appendix".*?</section>\s*</div>\s*</section>', page, re.S).group(0)
    assert "How to cite" in a and "@misc{" in a and "Reuse" in a and "Data provenance" in a
    assert "No corrections so far." in a
    m = dataset.manifest
    built = m.created[:10]
    assert f"data built {built}" in a and f"date = {{{built}}}" in a
    assert fmt.count(m.rows) in a and fmt.count(dataset.scale) in a and str(m.seed) in a
    for k, v in m.versions.items():
        assert f"Version of {k}" in a and str(v) in a
    assert all(Path(i.path).name in a for i in m.inputs)
    assert "/tmp" not in a  # file names only, never the server's paths
    assert_no_inline_code(page)


def test_corrections_are_listed_and_escaped(dataset, tmp_path, monkeypatch):
    f = tmp_path / "corrections.json"
    f.write_text(json.dumps({"corrections": [
        {"date": "2025-01-02", "where": "threshold", "text": "Fixed <b>the</b> count & its share."}]}))
    monkeypatch.setattr(appendix, "CORRECTIONS", f)

    a = appendix.build_appendix(dataset)
    assert a["corrections"][0]["where"] == "threshold"
    env = Web.create(dataset).templates
    out = env.from_string('{% from "partials/appendix.html" import appendix_section %}{{ appendix_section(a) }}'
                          ).render(a=a)
    assert "Fixed &lt;b&gt;the&lt;/b&gt; count &amp; its share." in out
    assert "No corrections so far" not in out
    # the repository's own file is valid and read fresh
    monkeypatch.undo()
    assert isinstance(appendix.corrections(), list)


# ---------------------------------------------------------------- /present


def test_slides_follow_the_story(client, dataset):
    steps = story.build_steps(dataset, figures.default_cut(dataset))
    slides = present.build_slides(steps)
    assert len(slides) == 1 + sum(len(s.beats) for s in steps)
    page = client.get("/present").text
    tags = parse(page)
    sections = [a for tag, a in tags.tags if tag == "section" and "slide" in a.get("class", "").split()]
    assert [int(a["data-slide"]) for a in sections] == list(range(1, len(slides) + 1))
    # every step's first slide carries its title; every beat's paragraphs appear (no copied prose)
    for s in steps:
        assert str(escape(s.title)) in page
    live_slides = [sl for sl in slides if sl.chart and charts.CHARTS[sl.chart].live]
    ranges = [a for tag, a in tags.tags if tag == "input" and a.get("type") == "range"]
    assert len(ranges) == len(live_slides) > 0
    deck = json.loads(re.search(r'id="deck-data">(.*?)</script>', page, re.S).group(1))
    assert deck == {"count": len(slides), "notes_url": "/present/notes"}
    assert_no_inline_code(page)
    notes_page = client.get("/present/notes", params={"t": 0.3}).text
    notes = json.loads(re.search(r'id="notes-data">(.*?)</script>', notes_page, re.S).group(1))
    assert len(notes) == len(slides)
    assert notes[1]["notes"] == list(steps[0].notes) and notes[-1]["next"] == "End of the slides"
    assert_no_inline_code(notes_page)
    assert client.get("/present", params={"t": 0.3}).status_code == 200
    assert client.get("/present", params={"t": -1}).status_code == 422


def test_oembed_url_encoding_round_trip(client):
    url = f"{BASE}/embed/removed?t=0.31&theme=auto"
    r = client.get(f"/oembed?url={quote(url, safe='')}")
    assert r.status_code == 200 and "theme=auto" in r.json()["embed_url"]


# ---------------------------------------------------------------- one view, HTML and JSON


def test_embed_json_is_the_embed_page_as_data(client, dataset):
    """The twin and the page come from one view: what the JSON says is what the page shows."""
    for cid in available(dataset):
        doc = client.get(f"/embed/{cid}.json", params={"t": 0.3}).json()
        page = client.get(f"/embed/{cid}", params={"t": 0.3}).text
        f = doc["chart"]
        assert f["id"] == cid and doc["t"] == 0.3
        assert str(escape(f["title"])) in page and str(escape(f["description"])) in page
        rows = parse(page).tags
        assert sum(1 for tag, _ in rows if tag == "tr") == len(f["rows"]) + 1  # the header row
        for fmt_, url in f["links"].items():
            assert f'href="{escape(url)}"' in page or fmt_ == "embed", (cid, fmt_)
        assert doc["credit"] == charts.credit(dataset) and doc["step"]["id"] == charts.CHARTS[cid].step
        assert f'href="{doc["story_url"]}"' in page
    assert client.get("/embed/nope.json").status_code == 404
    assert client.get("/embed/similarity.json", params={"t": 2}).status_code == 422


def test_present_json_lists_the_slides_of_the_page(client):
    doc = client.get("/present.json", params={"t": 0.3}).json()
    page = client.get("/present", params={"t": 0.3}).text
    sections = [a for tag, a in parse(page).tags if tag == "section" and "slide" in a.get("class", "").split()]
    assert doc["count"] == len(doc["slides"]) == len(sections)
    for slide, section in zip(doc["slides"], sections, strict=True):
        assert str(slide["n"]) == section["data-slide"] and str(escape(slide["title"])) in page
        if slide["chart"]:
            assert f'data-chart="{slide["chart"]}"' in page
    notes = json.loads(re.search(r'id="notes-data">(.*?)</script>', client.get("/present/notes?t=0.3").text,
                                 re.S).group(1))
    assert notes == doc["slides"]  # the notes window reads the same list


def test_story_json_carries_every_figure_of_the_page(client, dataset):
    doc = client.get("/story.json", params={"t": 0.31}).json()
    page = client.get("/", params={"t": 0.31}).text
    assert [f["id"] for f in doc["figures"]] == available(dataset)
    for f in doc["figures"]:
        assert f'data-chart="{f["id"]}"' in page and str(escape(f["description"])) in page
        assert f["links"]["embed"] == f"/embed/{f['id']}?t=0.310"


def test_the_embed_code_is_one_markup(client):
    """oEmbed's html and the story's Embed dialog (filled in by the browser) come from one template."""
    page = client.get("/").text
    assert "<iframe" not in page  # the dialog carries the markup as an attribute value, not as markup
    dialog = next(a for tag, a in parse(page).tags if tag == "dialog" and a.get("id") == "embed-dialog")
    assert dialog["data-resize-script"] == "/static/js/embed-resize.js"
    ours = parse(dialog["data-embed-snippet"]).tags
    r = client.get("/oembed", params={"url": f"{BASE}/embed/similarity"}).json()
    answer = parse(r["html"]).tags
    assert [t for t, _ in ours] == [t for t, _ in answer] == ["iframe", "script"]
    for (_, a), (_, b) in zip(ours, answer, strict=True):
        assert set(a) == set(b)
    assert ours[1][1]["src"] == "/static/js/embed-resize.js"
    assert answer[1][1]["src"] == f"{BASE}/static/js/embed-resize.js"
    assert "data-explainer-embed" in ours[0][1] and ours[0][1]["loading"] == answer[0][1]["loading"] == "lazy"


def test_embed_code_escapes_what_it_is_given(client, dataset):
    """A title or URL with markup in it stays an attribute value (Jinja escapes; no hand-written escaping)."""
    web = client.app.state.web
    code = str(snippet(web, 'https://x.example/embed/a?t=1&theme="dark"><script>', '"><img src=x onerror=1>', 640,
                       400, "a", "https://x.example/static/js/embed-resize.js"))
    tags = parse(code).tags
    assert [t for t, _ in tags] == ["iframe", "script"]
    assert tags[0][1]["title"] == '"><img src=x onerror=1>'
    assert tags[0][1]["src"] == 'https://x.example/embed/a?t=1&theme="dark"><script>'
