"""HTML checks the web and export tests share: every tag of a page, and that no code is inline."""

from __future__ import annotations

from html.parser import HTMLParser

from app import charts, story
from app.story import appendix
from precompute.contract.reference import removal_routes

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
