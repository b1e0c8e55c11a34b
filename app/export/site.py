"""`python -m app export --out DIR`: the whole explainer as static files, for any static host or a
USB stick opened from file:// with no network.

The pages are the server's own renders (the same views, app/web/views/, and templates) with every
site-absolute link rewritten to a relative one, so the copy works at any depth of any host and from disk. The slider
stays live: each page carries the cumulative histograms and the JavaScript threshold arithmetic
needs no server. So does "Is your site in it?": the domain index is written under search/ as small
script files that the page loads as it needs them (app/export/search.py), all of it or the N biggest
domains (`--domains N`). What does need a server is left out and said so: the CLD3 box (the page
shows a note in its place), oEmbed, and downloads at thresholds other than the exported one.

Layout of DIR:
  index.html                  the story          present.html, present-notes.html   the slides
  embed/<chart>.{html,json}   one per chart      charts/<chart>.{svg,png,csv,json}, <chart>-dark.svg,
                                                 <chart>-narrow.svg, <chart>-narrow-dark.svg (no-JS phones)
  story.json, present.json, api/{stats,threshold,charts}.json, openapi.json          the data
  search/                     the domain index: index.js, part/NNNNN.js, top/NNNN.js
  static/                     CSS, JavaScript and the vendored Vega bundle
"""

from __future__ import annotations

import html
import json
import os
import re
import shutil
import tempfile
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

from app import charts
from app.core.dataset import Dataset
from app.core.figures import default_cut
from app.core.threshold import Cut
from app.export import search as export_search
from app.settings import Settings
from app.web.context import Web
from app.web.main import create_app
from app.web.routes.oembed import CHART_ID
from app.web.security import meta_policy
from app.web.views.downloads import render
from app.web.views.embed import DEFAULT_THEME, embed_data, embed_html, embed_json
from app.web.views.figures import FORMATS, chart_list
from app.web.views.slides import deck_data, deck_json, notes_html, present_html
from app.web.views.stats import stats
from app.web.views.story import story_data, story_html, story_json

MARKER = ".explainer-export"  # marks a folder this command wrote (and may therefore replace)
HTML_PAGES = {"/": "index.html", "/present": "present.html", "/present/notes": "present-notes.html"}
DATA_FILES = {"/story.json": "story.json", "/present.json": "present.json", "/api/stats": "api/stats.json",
              "/api/threshold": "api/threshold.json", "/api/charts": "api/charts.json", "/openapi.json": "openapi.json"}
EMBED_JSON = re.compile(r"^/embed/([A-Za-z0-9_-]+)\.json$")
# a double-quoted attribute whose value is a site-absolute path ("/x", not "//host/x")
ABSOLUTE_ATTR = re.compile(r'(\s[\w:-]+=")(/(?!/)[^"]*)"')
# the fields of the JSON files that hold the site's own URLs (captions, which may start with "/", are in others)
URL_FIELDS = ("links", "embed_url", "downloads", "story_url")
README = """\
How LAION-5B was made: a static copy of the explainer
=====================================================

Open index.html in a web browser (the story), present.html (the slides, press s for speaker notes) or
any page in embed/ (one chart each). Nothing here needs a network connection or a server: the
threshold slider runs in the page. The one exception is the language-detector box, which needs the
explainer's server (`python -m app`); this copy says so in its place.

"Is your site in it?" searches the copy of the domain index in search/, in the browser.
{search}

To publish it, upload the whole folder, as it is, to any static web host (GitHub Pages, Netlify,
an S3 bucket, a university web space). All links are relative, so it works in any sub-folder.
Embed a chart from it with
  <iframe src="[where you put it]/embed/<chart>.html" title="..." style="border:0;width:100%"></iframe>
  <script src="[where you put it]/static/js/embed-resize.js" async></script>

Threshold exported: {t}. Data: {source}
Charts and text: CC BY 4.0 (credit the LAION-5B explainer and "Models All The Way Down" by Christo
Buschek and Jer Thorp, Knowing Machines). Code: MIT.
"""


class ExportError(Exception):
    """The export cannot be written (a link with no static copy, or a folder we may not replace)."""


def static_target(path: str, query: dict[str, list[str]]) -> tuple[str, bool]:
    """Where a site path lives in the export, and whether it is an HTML page (which keeps ?t=)."""
    if path in HTML_PAGES:
        return HTML_PAGES[path], True
    if m := CHART_ID.match(path):
        return f"embed/{m.group(1)}.html", True
    if m := EMBED_JSON.match(path):
        return f"embed/{m.group(1)}.json", False
    if path.startswith("/static/"):
        return path[1:], False
    if m := re.fullmatch(r"/charts/([\w-]+)\.(svg|png|csv|json)", path):
        svg = m.group(2) == "svg"
        dark = query.get("theme", [""])[0] == "dark" and svg
        narrow = query.get("narrow", [""])[0] == "true" and svg  # the no-JS phone charts
        return f"charts/{m.group(1)}{'-narrow' if narrow else ''}{'-dark' if dark else ''}.{m.group(2)}", False
    if path in DATA_FILES:
        return DATA_FILES[path], False
    raise ExportError(f"no static copy of {path}")


def relative_url(url: str, depth: int) -> str:
    """A site-absolute URL as seen from a page `depth` folders below the export's root."""
    parts = urlsplit(url)
    query = parse_qs(parts.query)
    target, page = static_target(parts.path, query)
    out = "../" * depth + target
    for k in ("t", "d"):  # the page's script moves to this threshold or offset (explainer-core.js)
        if page and k in query:
            out += f"?{k}=" + query[k][0]
            break
    if parts.fragment:
        out += "#" + parts.fragment
    return out


def relativize(page: str, depth: int) -> str:
    """Every site-absolute attribute value of a rendered page, made relative."""
    def sub(m: re.Match[str]) -> str:
        url = html.unescape(m.group(2))
        return f'{m.group(1)}{html.escape(relative_url(url, depth), quote=True)}"'

    return ABSOLUTE_ATTR.sub(sub, page)


def _write(root: Path, rel: str, body: bytes | str) -> None:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(body.encode("utf-8") if isinstance(body, str) else body)


def with_csp(page: str) -> str:
    """A page with the server's Content-Security-Policy as its first <meta> after the charset (a static
    host sends no headers; before any script or stylesheet, so the policy covers them all)."""
    meta = f'<meta http-equiv="Content-Security-Policy" content="{html.escape(meta_policy(), quote=False)}">'
    head = '<meta charset="utf-8">'
    if head not in page:
        raise ExportError("a page without <meta charset=\"utf-8\">: nowhere to put its policy")
    return page.replace(head, f"{head}\n{meta}", 1)


def publishable(root: Path) -> None:
    """Folders 0755 and files 0644, whatever the umask or mkdtemp (0700) and mkstemp (0600) made: a
    web server running as another user must be able to read the copy."""
    os.chmod(root, 0o755)
    for folder, dirs, files in os.walk(root):
        for d in dirs:
            os.chmod(os.path.join(folder, d), 0o755)
        for f in files:
            os.chmod(os.path.join(folder, f), 0o644)


def site_urls(doc: Any, inside: bool = False) -> Any:
    """A JSON document with the site's own URLs (in URL_FIELDS) as the paths of their files in the
    export, relative to its root (no query: a reader of the JSON opens files, not pages)."""
    if isinstance(doc, dict):
        return {k: site_urls(v, inside or k in URL_FIELDS) for k, v in doc.items()}
    if isinstance(doc, list):
        return [site_urls(v, inside) for v in doc]
    if inside and isinstance(doc, str) and doc.startswith("/") and not doc.startswith("//"):
        parts = urlsplit(doc)
        return static_target(parts.path, parse_qs(parts.query))[0]
    return doc


def _json(doc: Any) -> str:
    return json.dumps(site_urls(doc), ensure_ascii=False, indent=1)


def write_site(ds: Dataset, root: Path, t: Cut, domains: int | None = export_search.DEFAULT_LIMIT,
               settings: Settings | None = None) -> export_search.Written:
    """Every file of the export, into an empty folder `root`; `domains`: how many the search holds (None: all)."""
    web = Web.create(ds, settings)
    # the domain index, first: the story says where its cut is
    search = export_search.write_index(ds, root, domains)
    # the story, the slides and their notes, and their JSON twins
    story = story_data(web, t)
    _write(root, "index.html", with_csp(relativize(story_html(web, story, static=True,
                                                              site_copy={"note": search.note}).decode(), 0)))
    deck = deck_data(web, t, story)
    _write(root, "present.html", with_csp(relativize(present_html(web, deck, static=True).decode(), 0)))
    _write(root, "present-notes.html", with_csp(relativize(notes_html(web, deck, static=True).decode(), 0)))
    _write(root, "story.json", _json(story_json(story)))
    _write(root, "present.json", _json(deck_json(deck)))
    # embeds and downloads, one per chart
    for c in charts.available(ds):
        embed = embed_data(web, c.id, t, DEFAULT_THEME)
        _write(root, f"embed/{c.id}.html", with_csp(relativize(embed_html(web, embed, static=True).decode(), 1)))
        _write(root, f"embed/{c.id}.json", _json(embed_json(embed)))
        for fmt in FORMATS:
            _write(root, f"charts/{c.id}.{fmt}", render(web, c.id, t, "light", fmt).content)
        _write(root, f"charts/{c.id}-dark.svg", render(web, c.id, t, "dark", "svg").content)
        for theme, suffix in (("light", ""), ("dark", "-dark")):
            _write(root, f"charts/{c.id}-narrow{suffix}.svg", render(web, c.id, t, theme, "svg", narrow=True).content)
    # the data
    _write(root, "api/stats.json", _json(stats(ds).model_dump(mode="json", by_alias=True)))
    _write(root, "api/threshold.json", _json(ds.threshold(t)))
    _write(root, "api/charts.json", _json(chart_list(ds, t)))
    _write(root, "openapi.json", _json(create_app(web.settings, dataset=ds).openapi()))
    # scripts, styles, the Vega bundle (generated, possibly outside static/: Settings.bundle)
    shutil.copytree(web.settings.static_dir, root / "static", ignore=shutil.ignore_patterns(".*", "*.tmp"))
    shutil.copyfile(web.static.bundle(), root / "static" / "vendor" / "vega-bundle.js")
    source = charts.credit_lines(ds)[0].removeprefix("Data: ")
    _write(root, "README.txt", README.format(t=f"{t.param}={t.value:.3f}", source=source, search=search.note))
    _write(root, MARKER, f"{ds.etag}\n")
    publishable(root)
    return search


def export(ds: Dataset, out: Path | str, t: float | Cut | None = None,
           domains: int | None = export_search.DEFAULT_LIMIT, settings: Settings | None = None) -> list[Path]:
    """Write the static site to `out`, replacing it only if it is empty or an earlier export.

    `domains`: the domain search holds that many of the biggest registered domains (None: all).

    Built in a sibling temporary folder first, so a failed export leaves `out` as it was.
    Returns the files written (relative to `out`).
    """
    out = Path(out)
    t = charts.check_t(t) if t is not None else default_cut(ds)
    if out.exists() and (not out.is_dir() or (any(out.iterdir()) and not (out / MARKER).exists())):
        raise ExportError(f"{out}: exists and is not an earlier export; choose an empty or new folder")
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(dir=out.parent, prefix=f".{out.name}."))
    try:
        write_site(ds, tmp, t, domains, settings)
        if out.exists():
            old = out.with_name(f".{out.name}.old")
            shutil.rmtree(old, ignore_errors=True)
            os.replace(out, old)
            os.replace(tmp, out)
            shutil.rmtree(old, ignore_errors=True)
        else:
            os.replace(tmp, out)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return sorted(p.relative_to(out) for p in out.rglob("*") if p.is_file())


def summary(files: list[Path]) -> str:
    pages = sum(1 for f in files if f.suffix == ".html")
    search = sum(1 for f in files if f.parts[0] == "search")
    return (f"{len(files)} files ({pages} pages, {search} for the domain search); open index.html, "
            "or upload the folder to any static host")

