"""Link previews and oEmbed for story links (issue 12, journalists): Open Graph and Twitter card tags on
the story, the slides and every embed, with absolute URLs from the public base and a PNG the app draws;
oEmbed answers a story URL with the chart of its step."""

from __future__ import annotations

import html
import re
from urllib.parse import quote, urlsplit

import pytest

from app import story
from app.settings import Settings

META = re.compile(r'<meta (?:property|name)="((?:og|twitter):[\w:]+)" content="([^"]*)">')


def tags(page: str) -> dict[str, str]:
    return {k: html.unescape(v) for k, v in META.findall(page)}


@pytest.fixture(scope="module")
def base() -> str:
    return Settings().public_base  # what the app writes: the configured origin, never a request's Host


def test_the_story_has_a_card_with_a_drawn_chart(client, base):
    page = client.get("/", params={"d": "0.010"}).text
    t = tags(page)
    assert t["og:title"] == t["twitter:title"] == story.PAGE_TITLE
    assert t["og:description"] == story.PAGE_DEK and t["og:type"] == "article"
    assert t["og:url"] == f"{base}/?d=0.010" and t["twitter:card"] == "summary_large_image"
    assert t["og:image"] == t["twitter:image"] and t["og:image"].startswith(f"{base}/charts/")
    assert "d=0.010" in t["og:image"] and t["og:image:alt"].startswith("Chart: ")
    # the image is there: the same path on this app answers a PNG
    parts = urlsplit(t["og:image"])
    r = client.get(f"{parts.path}?{parts.query}")
    assert r.status_code == 200 and r.headers["content-type"] == "image/png" and r.content[:4] == b"\x89PNG"
    # a CMS that reads oEmbed discovery finds the story's lead chart
    discovery = re.search(r'<link rel="alternate" type="application/json\+oembed" href="([^"]+)"', page).group(1)
    assert html.unescape(discovery) == f"{base}/oembed?url={quote(base + '/?d=0.010', safe='')}&format=json"


def test_slides_and_embeds_have_cards(client, base):
    t = tags(client.get("/present", params={"t": "0.300"}).text)
    assert t["og:url"] == f"{base}/present?t=0.300" and t["og:title"].startswith("Slides")
    charts = client.get("/api/charts").json()
    for c in charts:
        t = tags(client.get(f"/embed/{c['id']}", params={"d": "0.010"}).text)
        assert t["og:title"] == c["title"], c["id"]
        assert t["og:url"] == f"{base}/embed/{c['id']}?d=0.010"
        assert t["og:image"] == f"{base}/charts/{c['id']}.png?d=0.010&inline=true"
        assert t["og:description"] and "{" not in t["og:description"]


def test_a_forged_host_never_reaches_a_card(client):
    page = client.get("/", headers={"host": "evil.example"}).text
    assert tags(page) and "evil.example" not in page


def test_the_static_export_names_no_address(exported_site):
    assert not tags((exported_site / "index.html").read_text())


@pytest.mark.parametrize(("anchor", "chart"), [("#threshold", "similarity"), ("#safety", "safety"),
                                              ("", None), ("#main", None)])
def test_oembed_answers_a_story_url_with_its_steps_chart(client, base, anchor, chart):
    r = client.get("/oembed", params={"url": f"{base}/?d=0.010{anchor}"})
    assert r.status_code == 200, r.text
    body = r.json()
    lead = client.get("/api/charts").json()[0]["id"]
    # oEmbed answers on the (allowed) host it was asked on, like the rest of its code
    embed = urlsplit(body["embed_url"])
    assert f"{embed.path}?{embed.query}" == f"/embed/{chart or lead}?d=0.010"
    assert f'src="{body["embed_url"]}"' in html.unescape(body["html"])


def test_oembed_says_which_story_anchor_has_no_chart(client, base):
    r = client.get("/oembed", params={"url": f"{base}/?t=0.3#nowhere"})
    assert r.status_code == 404 and "#nowhere" in r.json()["detail"]
    r = client.get("/oembed", params={"url": f"{base}/present"})
    assert r.status_code == 404 and r.json()["parameter"] == "url"
