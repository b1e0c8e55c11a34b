"""The static export (`python -m app export`): every page and download written, links relative and
resolving, the parts that need a server replaced by notes, folders it did not write left alone."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from urllib.parse import urlsplit
from xml.etree import ElementTree

import pytest

from app.__main__ import main
from app.core import figures
from app.core.threshold import Cut
from app.export import site as export
from tests.html_checks import ALLOWED_LINKS, assert_no_inline_code, available, parse
from tests.oracle import shard_counts


def test_export_writes_every_page_and_download(exported_site, dataset, synth_shards):
    ids = available(dataset)
    files = {p.relative_to(exported_site).as_posix() for p in exported_site.rglob("*") if p.is_file()}
    expected = {"index.html", "present.html", "present-notes.html", "story.json", "present.json", "api/stats.json",
                "api/threshold.json", "api/charts.json", "openapi.json", "README.txt",
                "static/vendor/vega-bundle.js", "static/js/threshold.js", "static/js/explainer-format.js",
                "static/js/explainer-core.js", "static/js/language-box.js",
                "static/js/explainer.js", "static/js/embed.js", "static/js/present.js", "static/js/embed-resize.js",
                "static/css/site.css", "static/css/embed.css", "static/css/present.css"}
    for cid in ids:
        expected |= {f"embed/{cid}.html", f"embed/{cid}.json", f"charts/{cid}-dark.svg"} | {
            f"charts/{cid}.{f}" for f in ("svg", "png", "csv", "json")}
    assert expected <= files, sorted(expected - files)
    for cid in ids:
        svg = (exported_site / f"charts/{cid}.svg").read_bytes()
        assert ElementTree.fromstring(svg).tag.endswith("svg")
        assert (exported_site / f"charts/{cid}.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
        rows = list(csv.reader(io.StringIO((exported_site / f"charts/{cid}.csv").read_text())))
        assert rows and rows[0]
        assert "vega-lite" in json.loads((exported_site / f"charts/{cid}.json").read_text())["$schema"]
    # the export is made at the default cut: on the replica the offset mode at d = 0 (nothing removed)
    assert figures.default_cut(dataset) == Cut(d=0)
    exported = json.loads((exported_site / "api/threshold.json").read_text())
    assert exported["mode"] == "offset" and exported["d"] == 0 and exported["removed"] == 0
    assert exported["rows"] == sum(rows for rows, _ in shard_counts(synth_shards, 0).values())
    # the site's own URLs in the data files are the paths of their files in the copy
    listing = json.loads((exported_site / "api/charts.json").read_text())
    assert [c["id"] for c in listing] == ids
    for c in listing:
        assert (exported_site / c["embed_url"]).is_file() and c["embed_url"] == f"embed/{c['id']}.html"
        assert all((exported_site / u).is_file() for u in c["downloads"].values())
    for f in json.loads((exported_site / "story.json").read_text())["figures"]:
        assert all((exported_site / u).is_file() for u in f["links"].values()), f["links"]
    for cid in ids:
        doc = json.loads((exported_site / f"embed/{cid}.json").read_text())
        assert doc["chart"]["id"] == cid and all((exported_site / u).is_file() for u in doc["chart"]["links"].values())
    deck = json.loads((exported_site / "present.json").read_text())
    assert deck["count"] == (exported_site / "present.html").read_text().count('aria-roledescription="slide"')


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
