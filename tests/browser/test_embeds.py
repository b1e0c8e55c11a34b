"""Embeds in headless Chromium, framed by a page on ANOTHER origin (another localhost port): each one's
iframe settles to the embed's height through the resize script, in both message dialects; the
threshold message reaches the embed; the story's Embed dialog gives a snippet that does all this."""

from __future__ import annotations

import functools
import json
import re
import threading
import urllib.request
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import quote

import pytest

from app import charts
from tests.servers import free_port

pytestmark = pytest.mark.browser
ATTRIBUTES = re.compile(r'<(\w+)|\s([\w-]+)="')  # tag and attribute names, in order


class Quiet(SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:  # keep pytest's output clean
        pass


@pytest.fixture(scope="module")
def host(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, str]]:
    """A plain static server on its own port: the "newsroom" page that embeds our charts."""
    root = tmp_path_factory.mktemp("host")
    server = ThreadingHTTPServer(("127.0.0.1", free_port()), functools.partial(Quiet, directory=str(root)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield root, f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    thread.join(timeout=10)


HOST_PAGE = """<!doctype html><html><head><meta charset="utf-8"><title>A newsroom page</title>
<link rel="icon" href="data:,"></head>
<body style="margin:0"><script>
window.messages = [];
addEventListener("message", function (e) { messages.push({origin: e.origin, data: e.data}); });
</script>
{body}
</body></html>"""


def write_host(root: Path, name: str, body: str) -> str:
    (root / name).write_text(HOST_PAGE.replace("{body}", body))
    return name


def frame_of(page, selector: str):
    return page.query_selector(selector).content_frame()


def settled(page, selector: str, timeout_ms: int = 30000) -> tuple[int, int]:
    """Wait until the iframe's height equals its document's height; return both."""
    frame = frame_of(page, selector)
    frame.wait_for_function("() => window.explainer !== undefined", timeout=timeout_ms, polling=100)
    frame.evaluate("window.explainer.ready")
    # the resize script has acted on this frame at least once
    page.wait_for_function("sel => document.querySelector(sel).style.height !== ''", arg=selector, timeout=timeout_ms)
    last = (-1, -2)
    for _ in range(100):  # heights stop changing once the charts are drawn and the frame has followed
        doc = frame.evaluate("Math.ceil(document.documentElement.getBoundingClientRect().height)")
        got = page.evaluate("sel => document.querySelector(sel).getBoundingClientRect().height", selector)
        if abs(got - doc) <= 1 and (got, doc) == last:
            return round(got), doc
        last = (got, doc)
        page.wait_for_timeout(100)
    raise AssertionError(f"{selector}: frame {got} px, document {doc} px")


def test_every_embed_sizes_itself_in_a_frame_on_another_origin(browser, live_url, host, dataset):
    root, host_url = host
    ids = [c.id for c in charts.available(dataset)]
    frames = "\n".join(f'<iframe id="f-{cid}" src="{live_url}/embed/{cid}" title="{cid}" height="150" '
                       f'style="border:0;width:300px;display:block" data-explainer-embed></iframe>' for cid in ids)
    resize = f'<script src="{live_url}/static/js/embed-resize.js" async></script>'
    name = write_host(root, "all.html", frames + "\n" + resize)
    ctx = browser.new_context(viewport={"width": 900, "height": 900})
    page = ctx.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.goto(f"{host_url}/{name}")
    narrow = {}
    for cid in ids:
        height, doc = settled(page, f"#f-{cid}")
        narrow[cid] = height
        frame = frame_of(page, f"#f-{cid}")
        # the whole chart is inside the frame, and nothing scrolls sideways at 300 px
        bottom = frame.evaluate("""() => { const c = document.querySelector('[data-chart] canvas, [data-chart] svg');
            return c ? c.getBoundingClientRect().bottom : -1; }""")
        assert 0 < bottom <= height, cid
        assert frame.evaluate("document.documentElement.scrollWidth") <= 300, cid
    # both dialects arrived, from the embeds' origin, with the final height
    msgs = page.evaluate("messages")
    ours = [m for m in msgs if isinstance(m["data"], dict) and m["data"].get("type") == "explainer:height"]
    dw = [m for m in msgs if isinstance(m["data"], dict) and "datawrapper-height" in m["data"]]
    assert {m["origin"] for m in ours + dw} == {live_url}
    for cid in ids:
        assert [m["data"]["height"] for m in ours if m["data"]["chart"] == cid][-1] == narrow[cid]
        assert [m["data"]["datawrapper-height"][cid] for m in dw if cid in m["data"]["datawrapper-height"]][-1] \
            == narrow[cid]
    # wider frames: every embed posts again and its frame follows (text wraps less: never taller)
    page.evaluate("document.querySelectorAll('iframe').forEach(f => f.style.width = '800px')")
    for cid in ids:
        # browsers defer the rendering steps (so resize observers) of cross-origin frames off screen
        page.evaluate("sel => document.querySelector(sel).scrollIntoView()", f"#f-{cid}")
        frame = frame_of(page, f"#f-{cid}")
        frame.wait_for_function("() => document.documentElement.clientWidth === 800", polling=100)
        height, _ = settled(page, f"#f-{cid}")
        assert height <= narrow[cid] + 1, cid
    assert settled(page, "#f-similarity")[0] < narrow["similarity"]
    assert not errors, errors
    ctx.close()


def test_threshold_message_reaches_the_embed(browser, live_url, host, dataset, removed_at):
    root, host_url = host
    name = write_host(root, "two.html", "".join(
        f'<iframe id="f-{cid}" src="{live_url}/embed/{cid}?t=0.280" title="{cid}" '
        f'style="border:0;width:600px;height:700px"></iframe>' for cid in ("similarity", "removed")))
    ctx = browser.new_context(viewport={"width": 1300, "height": 800})
    page = ctx.new_page()
    page.goto(f"{host_url}/{name}")
    for cid in ("similarity", "removed"):
        frame = frame_of(page, f"#f-{cid}")
        frame.wait_for_function("() => window.explainer !== undefined")
        frame.evaluate("window.explainer.ready")
        page.evaluate("""cid => document.getElementById('f-' + cid).contentWindow
            .postMessage({type: 'explainer:threshold', t: 0.31}, '*')""", cid)
        frame.wait_for_function("() => document.querySelector('[data-stat=cut]').dataset.value === '0.31'")
        assert frame.get_attribute("[data-stat=removed]", "data-value") == str(removed_at(0.31)["removed"])
        assert frame.text_content("output[data-stat=cut]") == "0.310"  # the offset slider's readout says t
        frame.evaluate("window.explainer.setThreshold(0.31)")  # resolves once the chart shows it
        shown = frame.evaluate("""() => { const v = window.explainer.views[0];
            return v.live === 'param' ? v.view.signal('t') : v.view.data('live').map(r => r.removed); }""")
        if cid == "similarity":
            assert shown == pytest.approx(0.31)
        else:
            assert shown == [removed_at(0.31)[s.name] for s in dataset.subsets]
        frame.wait_for_function("() => location.search.includes('t=0.310')")
    ctx.close()


def test_embed_dialog_snippet_works_on_another_site(browser, live_url, host):
    root, host_url = host
    ctx = browser.new_context(viewport={"width": 1280, "height": 900})
    ctx.grant_permissions(["clipboard-read", "clipboard-write"], origin=live_url)
    page = ctx.new_page()
    page.goto(live_url + "/")
    page.wait_for_function("() => window.explainer !== undefined")
    page.evaluate("window.explainer.ready")
    page.evaluate("window.explainer.setThreshold(0.3)")
    page.evaluate("document.querySelector('[data-beat-chart=removed]').scrollIntoView({block: 'center'})")
    page.wait_for_function("() => document.querySelector('[data-figure=removed]').classList.contains('is-current')")
    page.click("[data-embed-open=removed]")
    assert page.evaluate("document.getElementById('embed-dialog').open")
    page.wait_for_function("() => !document.querySelector('.embed-measure')", timeout=30000)  # heights measured
    code = page.input_value("#embed-code")
    script = page.input_value("#embed-script")
    assert f'src="{live_url}/embed/removed?t=0.300"' in code and 'title="Pairs kept and removed' in code
    assert script == f'<script src="{live_url}/static/js/embed-resize.js" async=""></script>'
    # the markup is the server's: the oEmbed answer's code has the same attributes in the same order
    with urllib.request.urlopen(f"{live_url}/oembed?url={quote(live_url + '/embed/removed?t=0.300', safe='')}") as r:
        served = json.load(r)["html"]
    assert ATTRIBUTES.findall(code + script) == ATTRIBUTES.findall(served)
    page.click("[data-copy=embed-code]")
    page.wait_for_function("() => document.querySelector('[data-copy=embed-code]').textContent === 'Copied'")
    assert page.evaluate("navigator.clipboard.readText()") == code
    page.keyboard.press("Escape")
    assert not page.evaluate("document.getElementById('embed-dialog').open")
    # the pasted snippet, on another origin, sizes itself
    name = write_host(root, "pasted.html", f"<p>Our story.</p>{code}{script}<p>More of our story.</p>")
    other = ctx.new_page()
    other.goto(f"{host_url}/{name}")
    height, doc = settled(other, "iframe")
    assert height == doc
    frame = frame_of(other, "iframe")
    assert frame.get_attribute("[data-stat=cut]", "data-value") == "0.3"
    ctx.close()


def test_embed_dialog_themes_static_image_unique_ids_and_measured_height(browser, live_url, host):
    root, host_url = host
    ctx = browser.new_context(viewport={"width": 1280, "height": 900})
    page = ctx.new_page()
    page.goto(live_url + "/")
    page.wait_for_function("() => window.explainer !== undefined")
    page.evaluate("window.explainer.ready")

    def open_dialog() -> None:
        page.evaluate("document.querySelector('[data-beat-chart=removed]').scrollIntoView({block: 'center'})")
        page.click("[data-embed-open=removed]")
        assert page.evaluate("document.getElementById('embed-dialog').open")

    open_dialog()
    first = page.input_value("#embed-code")
    page.keyboard.press("Escape")
    open_dialog()
    ids = [re.search(r'id="([^"]+)"', c).group(1) for c in (first, page.input_value("#embed-code"))]
    assert ids[0] != ids[1] and all(i.startswith("explainer-removed-") for i in ids)  # one id per embed code
    # the theme goes into the frame's address (light, the default, stays out of it)
    assert "theme=" not in page.input_value("#embed-code")
    page.check('input[name="embed-theme"][value="dark"]')
    assert "theme=dark" in page.input_value("#embed-code") and "theme=dark" in page.input_value("#embed-image")
    page.check('input[name="embed-theme"][value="light"]')
    # the height is the one the embed measured at the chosen column width
    page.select_option("#embed-width", "600")
    page.wait_for_function(
        "() => /measured height \\d+ px/.test(document.querySelector('[data-embed-measured]').textContent)",
        timeout=30000)
    page.wait_for_function("() => !document.querySelector('.embed-measure')", timeout=30000)  # settled
    code, script = page.input_value("#embed-code"), page.input_value("#embed-script")
    start = int(re.search(r'height="(\d+)"', code).group(1))
    # the static image: the chart's PNG, linking to its step in the story, with alt text
    image = page.input_value("#embed-image")
    src = re.search(r'<img src="([^"]+)"', image).group(1).replace("&amp;", "&")
    assert re.match(re.escape(f"{live_url}/charts/removed.png?") + r"[td]=[\d.]+", src)  # at the page's cut
    assert 'alt="Pairs kept and removed' in image
    assert re.search(r'<a href="' + re.escape(live_url) + r'/\?[td]=[\d.]+#\w+"', image)
    with urllib.request.urlopen(src) as r:
        assert r.headers["Content-Type"] == "image/png" and r.read(8) == b"\x89PNG\r\n\x1a\n"
    # pasted into a 600 px column, the frame starts at the height it settles to: the page does not jump
    name = write_host(root, "column.html", f'<div style="width:600px">{code}{script}</div>')
    other = ctx.new_page()
    other.goto(f"{host_url}/{name}")
    height, doc = settled(other, "iframe")
    assert abs(height - start) <= 2, (start, height)
    ctx.close()
