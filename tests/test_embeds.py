"""Issue 4 over HTTP: embed pages, oEmbed, the appendix, the slides' markup and the static export."""

from __future__ import annotations

import csv
import io
import json
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import parse_qs, quote, urlsplit
from xml.etree import ElementTree

import pytest
from markupsafe import escape

from app import charts, story
from app.core import figures
from app.core import format as fmt
from app.export import site as export
from app.story import appendix
from app.web import present
from precompute.contract.reference import removal_routes

BASE = "http://testserver"
# the only other hosts a page may name, and only in links a reader follows (never loaded)
ALLOWED_LINKS = {story.ESSAY_URL, appendix.CONTENT_LICENCE["url"], appendix.CODE_LICENCE["url"],
                 *(r["url"] for r in removal_routes())}


class Tags(HTMLParser):
    """Every start tag with its attributes, and the text of each <script>."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str]]] = []
        self.scripts: list[tuple[dict[str, str], str]] = []
        self._in_script: dict[str, str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        self.tags.append((tag, a))
        if tag == "script":
            self._in_script = a
            self.scripts.append((a, ""))

    def handle_data(self, data: str) -> None:
        if self._in_script is not None:
            a, text = self.scripts[-1]
            self.scripts[-1] = (a, text + data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._in_script = None


def parse(page: str) -> Tags:
    p = Tags()
    p.feed(page)
    return p


def assert_no_inline_code(page: str) -> None:
    """Scripts are files or JSON data; no element carries an event handler or a javascript: URL."""
    tags = parse(page)
    for attrs, text in tags.scripts:
        assert attrs.get("src") or attrs.get("type") == "application/json", (attrs, text[:80])
        if attrs.get("src"):
            assert not text.strip()
    for tag, attrs in tags.tags:
        assert not [k for k in attrs if k.startswith("on")], (tag, attrs)
        assert not any(v.strip().lower().startswith("javascript:") for v in attrs.values()), (tag, attrs)


def available(dataset) -> list[str]:
    return [c.id for c in charts.available(dataset)]


# ---------------------------------------------------------------- /embed/{chart}


def test_every_embed_renders(client, dataset):
    t = figures.default_t(dataset)
    for cid in available(dataset):
        chart = charts.CHARTS[cid]
        r = client.get(f"/embed/{cid}")
        assert r.status_code == 200, cid
        assert r.headers["content-type"].startswith("text/html")
        page = r.text
        tags = parse(page)
        assert f'data-chart="{cid}"' in page
        assert str(escape(chart.title)) in page
        assert str(escape(chart.describe(dataset, t))) in page
        # credit: the manifest's data source, the synthetic flag, the essay, the licence, the way back
        assert str(escape(charts.credit_lines(dataset)[0])) in page
        assert "synthetic replica" in page and "calibrated to published figures" in page
        assert f'href="{story.ESSAY_URL}"' in page and "CC BY 4.0" in page and "MIT" in page
        assert f'href="/?t={t:.3f}#{chart.step}"' in page
        # its own slider exactly where the chart follows the threshold
        sliders = [a for tag, a in tags.tags if tag == "input" and a.get("type") == "range" and a.get("name") == "t"]
        assert len(sliders) == (1 if chart.live else 0), cid
        # oEmbed discovery, absolute as the spec asks
        links = [a for tag, a in tags.tags if tag == "link" and a.get("type") == "application/json+oembed"]
        assert len(links) == 1
        href = links[0]["href"]
        assert href.startswith(f"{BASE}/oembed?url=") and parse_qs(urlsplit(href).query)["url"][0].startswith(
            f"{BASE}/embed/{cid}")
        assert client.get(href).status_code == 200
        assert_no_inline_code(page)


def test_embed_carries_t_and_theme(client, dataset):
    r = client.get("/embed/similarity", params={"t": 0.3, "theme": "dark"})
    assert r.status_code == 200
    page = r.text
    assert 'data-theme="dark"' in page and '<meta name="color-scheme" content="dark">' in page
    data = json.loads(re.search(r'id="explainer-data">(.*?)</script>', page, re.S).group(1))
    assert data["t"] == pytest.approx(0.3) and data["theme"] == "dark" and data["chart"] == "similarity"
    assert list(data["charts"]) == ["similarity"]
    st = dataset.threshold(0.3)
    assert f'data-stat="removed" data-value="{st["removed"]}"' in page
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
    root = Path(__file__).resolve().parent.parent / "static" / "css"
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
    (f"{BASE}/", {}, 404, "url"),
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
        assert f'href="/embed/{cid}?t=0.280"' in page  # without JS, the link opens the embed page
    assert 'id="embed-dialog"' in page and 'data-resize-script="/static/js/embed-resize.js"' in page
    assert client.get("/static/js/embed-resize.js").status_code == 200
    a = re.search(r'<section class="appendix".*?</section>\s*</div>\s*</section>', page, re.S).group(0)
    assert "How to cite" in a and "@misc{" in a and "Reuse" in a and "Data provenance" in a
    assert "No corrections so far." in a
    m = dataset.manifest
    built = m["created"][:10]
    assert f"data built {built}" in a and f"date = {{{built}}}" in a
    assert fmt.count(m["rows"]) in a and fmt.count(dataset.scale) in a and str(m["seed"]) in a
    for k, v in m["versions"].items():
        assert f"Version of {k}" in a and str(v) in a
    assert all(Path(i["path"]).name in a for i in m["inputs"])
    assert "/tmp" not in a  # file names only, never the server's paths
    assert_no_inline_code(page)


def test_corrections_are_listed_and_escaped(dataset, tmp_path, monkeypatch):
    f = tmp_path / "corrections.json"
    f.write_text(json.dumps({"corrections": [
        {"date": "2025-01-02", "where": "threshold", "text": "Fixed <b>the</b> count & its share."}]}))
    monkeypatch.setattr(appendix, "CORRECTIONS", f)
    from app.web.pages import ENV

    a = appendix.build_appendix(dataset)
    assert a["corrections"][0]["where"] == "threshold"
    out = ENV.from_string('{% from "partials/appendix.html" import appendix_section %}{{ appendix_section(a) }}'
                          ).render(a=a)
    assert "Fixed &lt;b&gt;the&lt;/b&gt; count &amp; its share." in out
    assert "No corrections so far" not in out
    # the repository's own file is valid and read fresh
    monkeypatch.undo()
    assert isinstance(appendix.corrections(), list)


# ---------------------------------------------------------------- /present


def test_slides_follow_the_story(client, dataset):
    steps = story.build_steps(dataset, figures.default_t(dataset))
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


# ---------------------------------------------------------------- the static export


def test_export_writes_every_page_and_download(exported_site, dataset):
    ids = available(dataset)
    files = {p.relative_to(exported_site).as_posix() for p in exported_site.rglob("*") if p.is_file()}
    expected = {"index.html", "present.html", "present-notes.html", "story.json", "api/stats.json",
                "api/threshold.json", "api/charts.json", "openapi.json", "README.txt",
                "static/vendor/vega-bundle.js", "static/js/threshold.js", "static/js/explainer-core.js",
                "static/js/explainer.js", "static/js/embed.js", "static/js/present.js", "static/js/embed-resize.js",
                "static/css/site.css", "static/css/embed.css", "static/css/present.css"}
    for cid in ids:
        expected |= {f"embed/{cid}.html", f"charts/{cid}-dark.svg"} | {f"charts/{cid}.{f}"
                                                                    for f in ("svg", "png", "csv", "json")}
    assert expected <= files, sorted(expected - files)
    for cid in ids:
        svg = (exported_site / f"charts/{cid}.svg").read_bytes()
        assert ElementTree.fromstring(svg).tag.endswith("svg")
        assert (exported_site / f"charts/{cid}.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
        rows = list(csv.reader(io.StringIO((exported_site / f"charts/{cid}.csv").read_text())))
        assert rows and rows[0]
        assert "vega-lite" in json.loads((exported_site / f"charts/{cid}.json").read_text())["$schema"]
    t = figures.default_t(dataset)
    assert json.loads((exported_site / "api/threshold.json").read_text())["removed"] == dataset.threshold(t)["removed"]
    listing = json.loads((exported_site / "api/charts.json").read_text())
    assert all((exported_site / c["embed_url"]).is_file() for c in listing)


def html_files(root: Path) -> list[Path]:
    return sorted(root.rglob("*.html"))


def test_export_links_are_relative_and_resolve(exported_site):
    for f in html_files(exported_site):
        page = f.read_text()
        assert_no_inline_code(page)
        assert 'href="/' not in page and 'src="/' not in page and 'action="/' not in page, f
        for tag, attrs in parse(page).tags:
            for k in ("href", "src", "srcset", "action"):
                v = attrs.get(k)
                if not v or v.startswith(("#", "data:")):
                    continue
                if v.startswith(("http://", "https://")):
                    # other hosts only as links a reader follows, never as something the page loads
                    assert tag == "a" and k == "href" and v in ALLOWED_LINKS, (f.name, tag, v)
                    continue
                assert not v.startswith(("/", "//")), (f.name, v)
                target = (f.parent / urlsplit(v).path).resolve()
                assert target.is_file() and target.is_relative_to(exported_site.resolve()), (f.name, v)


def test_export_replaces_the_language_box_with_a_note(exported_site):
    for name in ("index.html", "present.html"):
        page = (exported_site / name).read_text()
        assert "data-cld3" not in page and "/api/language" not in page
        assert "the language detector needs the explainer" in page


def test_export_refuses_to_overwrite_other_folders(tmp_path, dataset):
    other = tmp_path / "mine"
    other.mkdir()
    (other / "thesis.tex").write_text("precious")
    with pytest.raises(export.ExportError):
        export.export(dataset, other)
    assert (other / "thesis.tex").read_text() == "precious"


def test_export_command(tmp_path, synth_aggregates, exported_site, capsys):
    """`python -m app export`: writes the site, and may write it again over its own earlier export."""
    from app.__main__ import main

    out = tmp_path / "usb"
    assert main(["export", "--out", str(out), "--data", str(synth_aggregates)]) == 0
    assert "open index.html" in capsys.readouterr().out
    first = (out / "index.html").read_text()
    assert first == (exported_site / "index.html").read_text()
    assert main(["export", "--out", str(out), "--data", str(synth_aggregates), "--t", "0.3"]) == 0
    assert json.loads((out / "api/threshold.json").read_text())["t"] == pytest.approx(0.3)
    assert main(["export", "--out", str(out), "--data", str(tmp_path / "missing")]) == 2
    assert main(["export", "--out", str(out), "--data", str(synth_aggregates), "--t", "3"]) == 2


def test_relativize_maps_every_kind_of_link():
    page = ('<a href="/?t=0.300#threshold">s</a><img src="/charts/a.svg?t=0.280&amp;theme=dark">'
            '<form action="/embed/a"></form><a href="/api/threshold?t=0.3">x</a><a href="#x">y</a>'
            '<a href="//cdn.example/x">z</a>')
    out = export.relativize(page, 1)
    assert 'href="../index.html?t=0.300#threshold"' in out and 'src="../charts/a-dark.svg"' in out
    assert 'action="../embed/a.html"' in out and 'href="../api/threshold.json"' in out
    assert 'href="#x"' in out and 'href="//cdn.example/x"' in out  # untouched (and caught by the test above)
    with pytest.raises(export.ExportError):
        export.relativize('<a href="/api/language?text=x">', 0)


def test_oembed_url_encoding_round_trip(client):
    url = f"{BASE}/embed/removed?t=0.31&theme=auto"
    r = client.get(f"/oembed?url={quote(url, safe='')}")
    assert r.status_code == 200 and "theme=auto" in r.json()["embed_url"]
