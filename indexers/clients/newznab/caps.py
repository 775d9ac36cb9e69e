"""A `t=caps` answer → Capabilities (search params, movie-search params, categories, limits)."""

from __future__ import annotations

from lxml import etree

from indexers.clients.base import Capabilities, Category
from radarr_site.http.errors import BadResponse


def _params(element: etree._Element | None) -> frozenset[str]:
    """supportedParams of an available search kind; empty when absent or unavailable."""
    if element is None or (element.get("available") or "yes").strip().lower() != "yes":
        return frozenset()
    raw = element.get("supportedParams") or element.get("supportedparams") or ""
    return frozenset(p.strip().lower() for p in raw.split(",") if p.strip())


def _int(value: str | None, default: int) -> int:
    try:
        number = int((value or "").strip())
    except ValueError:
        return default
    return number if number > 0 else default


def _category(element: etree._Element) -> Category | None:
    raw = (element.get("id") or "").strip()
    if not raw.isdigit():
        return None  # an unreadable category is dropped, not fatal
    subs = tuple(
        sub for sub in (_category(s) for s in element.iterchildren("subcat")) if sub is not None
    )
    return Category(int(raw), (element.get("name") or "").strip(), subs)


def parse_caps(root: etree._Element, where: str) -> Capabilities:
    """Read a <caps> document (the error check has already run)."""
    if etree.QName(root).localname != "caps":
        raise BadResponse(
            f"{where} answered t=caps with <{etree.QName(root).localname}>, not <caps>"
        )
    server = root.find("server")
    limits = root.find("limits")
    searching = root.find("searching")
    limit_max = _int(limits.get("max") if limits is not None else None, 100)
    limit_default = min(
        _int(limits.get("default") if limits is not None else None, limit_max), limit_max
    )
    categories_el = root.find("categories")
    categories = tuple(
        c
        for c in (
            _category(el)
            for el in (categories_el.iterchildren("category") if categories_el is not None else ())
        )
        if c is not None
    )
    return Capabilities(
        # No <searching> at all: assume the one thing every Newznab API does, t=search&q=.
        search_params=(
            _params(searching.find("search")) if searching is not None else frozenset({"q"})
        ),
        movie_params=_params(searching.find("movie-search") if searching is not None else None),
        categories=categories,
        limit_max=limit_max,
        limit_default=limit_default,
        server_title=(server.get("title") or "").strip() if server is not None else "",
    )
