"""What the fake Torznab / Newznab server (tests/servers/torznab.py) answers: caps, feeds,
error bodies and the hostile payloads (an entity bomb, an external entity, a login page).
Plain functions of the fake indexer's fields, so the server module keeps only the serving.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import quote
from xml.sax.saxutils import escape, quoteattr

if TYPE_CHECKING:
    from tests.servers.torznab import FakeIndexer

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "torznab"

ERROR_TEXT = {
    100: "Incorrect user credentials",
    101: "Account suspended",
    102: "Insufficient privileges/not authorized",
    200: "Missing parameter",
    201: "Incorrect parameter",
    202: "No such function",
    203: "Function not available",
    300: "No such function",
    429: "Request limit reached",
    900: "Unknown error",
    910: "API Disabled",
}
DEFAULT_CATEGORIES: list[tuple[int, str, list[tuple[int, str]]]] = [
    (
        2000,
        "Movies",
        [
            (2010, "Movies/Foreign"),
            (2030, "Movies/SD"),
            (2040, "Movies/HD"),
            (2045, "Movies/UHD"),
            (2050, "Movies/BluRay"),
            (2060, "Movies/3D"),
        ],
    ),
    (5000, "TV", [(5040, "TV/HD")]),
]
ATTRIBUTES = (
    "seeders",
    "peers",
    "leechers",
    "infohash",
    "magneturl",
    "imdb",
    "imdbid",
    "tmdbid",
    "downloadvolumefactor",
    "uploadvolumefactor",
    "minimumratio",
    "minimumseedtime",
    "grabs",
    "files",
    "usenetdate",
    "group",
    "poster",
)
_WORDS = re.compile(r"[a-z0-9]+")


def _words(text: str) -> set[str]:
    return set(_WORDS.findall(text.lower()))


def _categories_of(item: dict[str, Any]) -> list[int]:
    value = item.get("category", 2040)
    return [int(v) for v in (value if isinstance(value, list | tuple) else [value])]


def matches(item: dict[str, Any], query: dict[str, str]) -> bool:
    """Does an item answer the query (ids, words of q, categories) as an indexer would?"""
    # Ids as indexers use them: an id the item carries must agree; one it lacks says
    # nothing (an item known by its IMDb id only still answers imdbid=…&tmdbid=…), but
    # an id search never returns an item that carries none of the ids asked for.
    imdb = str(item.get("imdbid") or item.get("imdb") or "").lower().removeprefix("tt")
    tmdb = str(item.get("tmdbid") or "")
    asked_imdb, asked_tmdb = query.get("imdbid", ""), query.get("tmdbid", "")
    if asked_imdb and imdb and imdb.lstrip("0") != asked_imdb.lstrip("0"):
        return False
    if asked_tmdb and tmdb and tmdb != asked_tmdb:
        return False
    if (asked_imdb or asked_tmdb) and not ((asked_imdb and imdb) or (asked_tmdb and tmdb)):
        return False
    if query.get("q") and not _words(query["q"]) <= _words(item.get("title", "")):
        return False
    wanted = {int(c) for c in query.get("cat", "").split(",") if c.strip().isdigit()}
    if wanted:
        cats = _categories_of(item)
        if not any(c in wanted or c // 1000 * 1000 in wanted for c in cats):
            return False
    return True


def render_caps(idx: FakeIndexer) -> bytes:
    """A `t=caps` answer for the indexer's params and categories."""
    cats = "".join(
        f'<category id="{cid}" name={quoteattr(name)}>'
        + "".join(f'<subcat id="{sid}" name={quoteattr(sname)}/>' for sid, sname in subs)
        + "</category>"
        for cid, name, subs in idx.categories
    )

    def avail(params: tuple[str, ...]) -> str:
        return f'available="{"yes" if params else "no"}" supportedParams="{",".join(params)}"'

    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n<caps>'
        f'<server version="1.0" title={quoteattr(idx.title or idx.slug)}/>'
        f'<limits max="{idx.limit_max}" default="{idx.limit_default}"/>'
        f"<searching><search {avail(idx.search_params)}/>"
        '<tv-search available="yes" supportedParams="q,season,ep"/>'
        f"<movie-search {avail(idx.movie_params)}/></searching>"
        f"<categories>{cats}</categories></caps>"
    ).encode()


def render_item(item: dict[str, Any], protocol: str, index: int, link_base: str) -> str:
    """One <item>; attributes the item lacks are simply not written."""
    ns = "torznab" if protocol == "torrent" else "newznab"
    title = str(item.get("title", ""))
    guid = item.get("guid", f"{link_base}/details/{index}")
    link = item.get(
        "link", f"{link_base}/download/{index}.{'torrent' if ns == 'torznab' else 'nzb'}"
    )
    pub = item.get("pubDate", datetime(2026, 11, 1, tzinfo=UTC) - timedelta(hours=index))
    pub_text = format_datetime(pub) if isinstance(pub, datetime) else str(pub)
    size = item.get("size")
    mime = "application/x-bittorrent" if ns == "torznab" else "application/x-nzb"
    parts = ["<item>"]
    if "title" in item:
        parts.append(f"<title>{escape(title)}</title>")
    parts.append(f'<guid isPermaLink="true">{escape(str(guid))}</guid>')
    if link:
        parts.append(f"<link>{escape(str(link))}</link>")
    if "comments" in item:
        parts.append(f"<comments>{escape(str(item['comments']))}</comments>")
    parts.append(f"<pubDate>{escape(pub_text)}</pubDate>")
    if size is not None:
        parts.append(f"<size>{int(size)}</size>")
    for cat in _categories_of(item):
        parts.append(f"<category>{cat}</category>")
    if link:
        length = f' length="{int(size)}"' if size is not None else ""
        parts.append(f'<enclosure url={quoteattr(str(link))}{length} type="{mime}"/>')
    for cat in _categories_of(item):
        parts.append(f'<{ns}:attr name="category" value="{cat}"/>')
    if size is not None:
        parts.append(f'<{ns}:attr name="size" value="{int(size)}"/>')
    for name in ATTRIBUTES:
        if item.get(name) is not None:
            parts.append(f'<{ns}:attr name="{name}" value={quoteattr(str(item[name]))}/>')
    parts.append("</item>")
    return "".join(parts)


def render_feed(
    items: list[dict[str, Any]],
    protocol: str = "torrent",
    *,
    offset: int = 0,
    total: int | None = None,
    link_base: str = "http://127.0.0.1/idx",
    title: str = "Fake indexer",
    first_index: int = 0,
) -> bytes:
    """An RSS 2.0 search answer in the Torznab (or Newznab) shape."""
    ns = (
        'xmlns:torznab="http://torznab.com/schemas/2015/feed"'
        if protocol == "torrent"
        else 'xmlns:newznab="http://www.newznab.com/DTD/2010/feeds/attributes/"'
    )
    prefix = "torznab" if protocol == "torrent" else "newznab"
    body = "".join(
        render_item(item, protocol, item.get("_n", first_index + i), link_base)
        for i, item in enumerate(items)
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom" {ns}><channel>'
        f"<title>{escape(title)}</title><description>{escape(title)} feed</description>"
        f'<{prefix}:response offset="{offset}" total="{len(items) if total is None else total}"/>'
        f"{body}</channel></rss>"
    ).encode()


def error_body(code: int, description: str | None = None) -> bytes:
    text = description if description is not None else ERROR_TEXT.get(code, "Unknown error")
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<error code="{code}" description={quoteattr(text)}/>'
    ).encode()


def bomb_body() -> bytes:
    """Billion laughs: ten levels of ten-fold entity expansion."""
    lines = ['<!ENTITY lol0 "lol">']
    for level in range(1, 10):
        refs = f"&lol{level - 1};" * 10
        lines.append(f'<!ENTITY lol{level} "{refs}">')
    return (
        '<?xml version="1.0"?>\n<!DOCTYPE rss [' + "".join(lines) + "]>"
        '<rss version="2.0"><channel><item><title>&lol9;</title></item></channel></rss>'
    ).encode()


def xxe_body(path: str) -> bytes:
    return (
        '<?xml version="1.0"?>\n'
        f'<!DOCTYPE rss [<!ENTITY secret SYSTEM "file://{quote(path)}">]>'
        '<rss version="2.0" xmlns:torznab="http://torznab.com/schemas/2015/feed"><channel>'
        "<item><title>Leak &secret;</title><guid>x1</guid><link>http://x/1.torrent</link>"
        "<size>1000</size></item></channel></rss>"
    ).encode()


def login_page() -> bytes:
    return (FIXTURES / "login.html").read_bytes()
