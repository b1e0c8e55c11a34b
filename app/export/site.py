"""`python -m app export --out DIR`: the whole explainer as static files, for any static host or a
USB stick opened from file:// with no network.

The pages are the server's own renders (same templates, same data) with every site-absolute link
rewritten to a relative one, so the copy works at any depth of any host and from disk. The slider
stays live: each page carries the cumulative histograms and the JavaScript threshold arithmetic
needs no server. So does "Is your site in it?": the domain index is written under search/ as small
script files that the page loads as it needs them (app/export_search.py), all of it or the N biggest
domains (`--domains N`). What does need a server is left out and said so: the CLD3 box (the page
shows a note in its place), oEmbed, and downloads at thresholds other than the exported one.

Layout of DIR:
  index.html                  the story          present.html, present-notes.html   the slides
  embed/<chart>.html          one per chart      charts/<chart>.{svg,png,csv,json}, <chart>-dark.svg
  story.json, api/{stats,threshold,charts}.json, openapi.json          the data
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
from app.core.figures import default_t
from app.core.threshold import BINS_PER_UNIT, bin_of
from app.export import search as export_search
from app.settings import STATIC_DIR
from app.web import downloads, embeds, present, vendor
from app.web.api import stats_payload
from app.web.pages import ENV, page_context, story_json

MARKER = ".explainer-export"  # marks a folder this command wrote (and may therefore replace)
HTML_PAGES = {"/": "index.html", "/present": "present.html", "/present/notes": "present-notes.html"}
DATA_FILES = {"/story.json": "story.json", "/api/stats": "api/stats.json", "/api/threshold": "api/threshold.json",
              "/api/charts": "api/charts.json", "/openapi.json": "openapi.json"}
# a double-quoted attribute whose value is a site-absolute path ("/x", not "//host/x")
ABSOLUTE_ATTR = re.compile(r'(\s[\w:-]+=")(/(?!/)[^"]*)"')
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
    if m := embeds.CHART_ID.match(path):
        return f"embed/{m.group(1)}.html", True
    if path.startswith("/static/"):
        return path[1:], False
    if m := re.fullmatch(r"/charts/([\w-]+)\.(svg|png|csv|json)", path):
        dark = query.get("theme", [""])[0] == "dark" and m.group(2) == "svg"
        return f"charts/{m.group(1)}{'-dark' if dark else ''}.{m.group(2)}", False
    if path in DATA_FILES:
        return DATA_FILES[path], False
    raise ExportError(f"no static copy of {path}")


def relative_url(url: str, depth: int) -> str:
    """A site-absolute URL as seen from a page `depth` folders below the export's root."""
    parts = urlsplit(url)
    query = parse_qs(parts.query)
    target, page = static_target(parts.path, query)
    out = "../" * depth + target
    if page and "t" in query:  # the page's script moves to this threshold (explainer-core.js)
        out += "?t=" + query["t"][0]
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


def _json(doc: Any) -> str:
    return json.dumps(doc, ensure_ascii=False, indent=1)


def chart_index(ds: Dataset, t: float) -> list[dict[str, Any]]:
    """/api/charts for the export: the same fields, relative URLs."""
    return [{"id": c.id, "title": c.title, "step": c.step, "live": c.live, "needs": list(c.needs),
             "description": c.describe(ds, t), "embed_url": f"embed/{c.id}.html",
             "downloads": {f: f"charts/{c.id}.{f}" for f in ("svg", "png", "csv", "json")}}
            for c in charts.available(ds)]


def write_site(ds: Dataset, root: Path, t: float,
               domains: int | None = export_search.DEFAULT_LIMIT) -> export_search.Written:
    """Every file of the export, into an empty folder `root`; `domains`: how many the search holds (None: all)."""
    from app.web.main import create_app  # the OpenAPI document is the app's own

    # the domain index, first: the story says where its cut is
    search = export_search.write_index(ds, root, domains)
    # the story
    ctx = page_context(ds, t)
    ctx["ctx"] = {**ctx["ctx"], "static": True, "site_copy": {"note": search.note}}
    _write(root, "index.html", relativize(ENV.get_template("story.html").render(ctx), 0))
    # the slides and their notes
    _write(root, "present.html", relativize(present.render_present(ds, t, static=True).decode(), 0))
    _write(root, "present-notes.html", relativize(present.render_notes(ds, t).decode(), 0))
    # embeds and downloads, one per chart
    for c in charts.available(ds):
        page = embeds.render_embed(ds, c.id, t, embeds.DEFAULT_THEME, static=True).decode()
        _write(root, f"embed/{c.id}.html", relativize(page, 1))
        for fmt in ("svg", "png", "csv", "json"):
            _write(root, f"charts/{c.id}.{fmt}", downloads.render(ds, c.id, t, "light", fmt))
        _write(root, f"charts/{c.id}-dark.svg", downloads.render(ds, c.id, t, "dark", "svg"))
    # the data
    _write(root, "story.json", _json(story_json(ds, t)))
    _write(root, "api/stats.json", _json(stats_payload(ds).model_dump(mode="json", by_alias=True)))
    _write(root, "api/threshold.json", _json(ds.threshold(t)))
    _write(root, "api/charts.json", _json(chart_index(ds, t)))
    _write(root, "openapi.json", _json(create_app(ds).openapi()))
    # scripts, styles, the Vega bundle
    vendor.ensure_bundle()
    shutil.copytree(STATIC_DIR, root / "static", ignore=shutil.ignore_patterns(".*", "*.tmp"))
    _write(root, "README.txt", README.format(t=f"{t:.3f}", source=charts.credit_lines(ds)[0].removeprefix("Data: "),
                                             search=search.note))
    _write(root, MARKER, f"{ds.etag}\n")
    return search


def export(ds: Dataset, out: Path | str, t: float | None = None,
           domains: int | None = export_search.DEFAULT_LIMIT) -> list[Path]:
    """Write the static site to `out`, replacing it only if it is empty or an earlier export.

    `domains`: the domain search holds that many of the biggest registered domains (None: all).

    Built in a sibling temporary folder first, so a failed export leaves `out` as it was.
    Returns the files written (relative to `out`).
    """
    out = Path(out)
    t = charts.check_t(t if t is not None else default_t(ds))
    t = bin_of(t) / BINS_PER_UNIT
    if out.exists() and (not out.is_dir() or (any(out.iterdir()) and not (out / MARKER).exists())):
        raise ExportError(f"{out}: exists and is not an earlier export; choose an empty or new folder")
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(dir=out.parent, prefix=f".{out.name}."))
    try:
        write_site(ds, tmp, t, domains)
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

