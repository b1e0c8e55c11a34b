"""The static export carries the server's Content-Security-Policy in a <meta>, and is readable by a web
server running as another user (folders 0755, files 0644) whatever the umask it was written with."""

from __future__ import annotations

import os
import re
import stat
from pathlib import Path

from app.export import site as export
from app.web import security
from app.web.vendor import ensure_bundle

META = re.compile(r'<meta http-equiv="Content-Security-Policy" content="([^"]+)">')


def test_every_exported_page_carries_the_servers_policy(exported_site: Path):
    pages = sorted(exported_site.rglob("*.html"))
    assert len(pages) >= 4
    for page in pages:
        text = page.read_text(encoding="utf-8")
        (policy,) = META.findall(text)
        assert policy == security.meta_policy(), page
        assert "frame-ancestors" not in policy and "unsafe-inline" not in policy, page  # meta cannot carry it
        head = text[:text.index("</head>")]
        # first in the head, before any script or stylesheet it must govern
        assert head.index(policy) < min(head.index(tag) for tag in ("<script", "<link") if tag in head), page
    directives = {d.split()[0] for d in security.PAGE_CSP.split("; ")}
    assert directives - {d.split()[0] for d in security.meta_policy().split("; ")} == {"frame-ancestors"}


def test_the_export_is_world_readable_whatever_the_umask(dataset, tmp_path: Path):
    old = os.umask(0o077)  # a private umask: the export must still come out publishable
    try:
        out = tmp_path / "site"
        export.export(dataset, out, domains=50)
    finally:
        os.umask(old)
    modes = {p.relative_to(out).as_posix() or ".": stat.S_IMODE(p.stat().st_mode) for p in [out, *out.rglob("*")]}
    dirs = {k for k in modes if (out / k).is_dir()}
    assert dirs and {modes[d] for d in dirs} == {0o755}, {d: oct(modes[d]) for d in dirs if modes[d] != 0o755}
    files = set(modes) - dirs
    assert {"index.html", "static/vendor/vega-bundle.js", "search/index.js"} <= files
    assert {modes[f] for f in files} == {0o644}, {f: oct(modes[f]) for f in files if modes[f] != 0o644}


def test_the_generated_bundle_is_readable_by_others(tmp_path: Path):
    bundle = ensure_bundle(tmp_path / "vendor" / "vega-bundle.js")
    assert stat.S_IMODE(bundle.stat().st_mode) == 0o644  # mkstemp alone would leave it 0600
