"""The indexer interface every kind implements, and the plain data it speaks.

A client is built from an `IndexerConfig` (never the ORM row), talks to its service
through radarr_site.http.HttpClient and raises only the toolkit's errors (AuthError,
RateLimited, Unavailable, BadResponse, NotFound), so it runs and is tested without a
database. Every Release it returns carries the indexer's id, name, priority and protocol.
"""

from __future__ import annotations

import re
import unicodedata
from abc import ABC, abstractmethod
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, ClassVar

from indexers.release import DEFAULT_INDEXER_PRIORITY, TORRENT, Release

if TYPE_CHECKING:
    from radarr_site.http.session import HttpClient

# Radarr's default movie categories for Newznab / Torznab indexers.
DEFAULT_CATEGORIES = (2000, 2010, 2020, 2030, 2040, 2045, 2050, 2060)


@dataclass(frozen=True)
class Category:
    """One category of an indexer's capabilities, with its subcategories."""

    id: int
    name: str
    subcategories: tuple[Category, ...] = ()


@dataclass(frozen=True)
class Capabilities:
    """What an indexer can search by (Newznab `t=caps`, or what a kind knows it supports).

    `search_params` / `movie_params` are the supportedParams of `<search>` and
    `<movie-search>` ("q", "imdbid", "tmdbid", ...); a search kind that is not available
    has an empty set.
    """

    search_params: frozenset[str] = frozenset({"q"})
    movie_params: frozenset[str] = frozenset()
    categories: tuple[Category, ...] = ()
    limit_max: int = 100
    limit_default: int = 100
    server_title: str = ""

    @property
    def movie_search(self) -> bool:
        return bool(self.movie_params)

    def supports(self, param: str) -> bool:
        """Does `t=movie` take this parameter (imdbid, tmdbid, q)?"""
        return param in self.movie_params

    def category_ids(self) -> set[int]:
        """Every category and subcategory id the indexer lists."""
        found: set[int] = set()
        for category in self.categories:
            found.add(category.id)
            found.update(sub.id for sub in category.subcategories)
        return found

    def as_dict(self) -> dict[str, Any]:
        """JSON for Indexer.capabilities (from_dict reads it back)."""
        return {
            "search_params": sorted(self.search_params),
            "movie_params": sorted(self.movie_params),
            "categories": [
                {
                    "id": c.id,
                    "name": c.name,
                    "subcategories": [{"id": s.id, "name": s.name} for s in c.subcategories],
                }
                for c in self.categories
            ],
            "limit_max": self.limit_max,
            "limit_default": self.limit_default,
            "server_title": self.server_title,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any] | None) -> Capabilities | None:
        """Stored capabilities, or None when none were stored (or they are unreadable)."""
        if not data:
            return None
        try:
            return cls(
                search_params=frozenset(data.get("search_params", ())),
                movie_params=frozenset(data.get("movie_params", ())),
                categories=tuple(
                    Category(
                        int(c["id"]),
                        str(c.get("name", "")),
                        tuple(
                            Category(int(s["id"]), str(s.get("name", "")))
                            for s in c.get("subcategories", ())
                        ),
                    )
                    for c in data.get("categories", ())
                ),
                limit_max=int(data.get("limit_max", 100)),
                limit_default=int(data.get("limit_default", 100)),
                server_title=str(data.get("server_title", "")),
            )
        except (KeyError, TypeError, ValueError):
            return None


_QUERY_DROP = re.compile(r"[^\w\s]+")
_SPACES = re.compile(r"\s+")


def query_title(title: str) -> str:
    """A title as a search query: accents folded, punctuation dropped, "&" spelled "and"."""
    text = unicodedata.normalize("NFKD", title.replace("&", " and "))
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return _SPACES.sub(" ", _QUERY_DROP.sub(" ", text.replace("'", ""))).strip()


@dataclass(frozen=True)
class SearchCriteria:
    """What to search for: one movie's ids and titles (no database objects).

    `build_query` turns it into the Newznab / Torznab query parameters for an indexer's
    capabilities: an id search when `t=movie` takes imdbid or tmdbid, else title and year.
    """

    title: str
    year: int | None = None
    imdb_id: str = ""  # "tt0133093"
    tmdb_id: int | None = None
    alternative_titles: tuple[str, ...] = ()
    movie_id: int | None = None

    @classmethod
    def for_movie(cls, movie: Any) -> SearchCriteria:
        """Criteria for a library Movie (its title, original title, year and ids)."""
        alternatives = []
        for title in (movie.original_title, *(getattr(movie, "alternative_titles", None) or [])):
            if title and title != movie.title and title not in alternatives:
                alternatives.append(title)
        return cls(
            title=movie.title,
            year=movie.year,
            imdb_id=movie.imdb_id or "",
            tmdb_id=movie.tmdb_id,
            alternative_titles=tuple(alternatives),
            movie_id=movie.pk,
        )

    @property
    def imdb_number(self) -> str:
        """The IMDb id without "tt", as Newznab's imdbid takes it ("" when unknown)."""
        digits = self.imdb_id.lower().removeprefix("tt")
        return digits if digits.isdigit() else ""

    def text_query(self, title: str | None = None) -> str:
        """'Title Year' as a text search."""
        base = query_title(title or self.title)
        return f"{base} {self.year}" if self.year else base

    def build_query(self, caps: Capabilities | None) -> list[dict[str, str]]:
        """The query parameters of each request to make (without apikey, cat, limit).

        Id search first: imdbid when `t=movie` supports it, else tmdbid (both when both
        are supported and known). Without a usable id: `t=movie&q=` when movie search
        takes q, else `t=search&q=`, once for the title and once per distinct
        alternative title (as Radarr does for indexers that cannot search by id).
        """
        caps = caps or Capabilities()
        ids: dict[str, str] = {}
        if caps.supports("imdbid") and self.imdb_number:
            ids["imdbid"] = self.imdb_number
        if caps.supports("tmdbid") and self.tmdb_id:
            ids["tmdbid"] = str(self.tmdb_id)
        if ids:
            return [{"t": "movie", **ids}]
        function = "movie" if caps.supports("q") else "search"
        if function == "search" and "q" not in caps.search_params:
            return []
        queries: list[dict[str, str]] = []
        seen: set[str] = set()
        for title in (self.title, *self.alternative_titles):
            q = self.text_query(title)
            if q and q.lower() not in seen:
                seen.add(q.lower())
                queries.append({"t": function, "q": q})
        return queries


@dataclass(frozen=True)
class IndexerConfig:
    """Everything a client needs, taken from the Indexer row."""

    id: int | None
    name: str
    kind: str
    base_url: str  # e.g. http://127.0.0.1:9696 (no trailing slash)
    api_path: str = "/api"  # Newznab / Torznab: the path of the API under base_url
    api_key: str = ""  # Newznab / Torznab / Prowlarr / Jackett API key; HDBits passkey
    username: str = ""  # HDBits
    categories: tuple[int, ...] = DEFAULT_CATEGORIES
    priority: int = DEFAULT_INDEXER_PRIORITY
    minimum_seeders: int = 1
    requests_per_minute: int = 0  # this indexer's own rate limit; 0 = none
    options: dict[str, Any] = field(default_factory=dict)  # per-kind, validated by the kind
    capabilities: Capabilities | None = None  # as last fetched and stored
    seed_ratio: float | None = None  # torrents grabbed from it; None: the client's
    seed_time_minutes: int | None = None  # likewise

    @property
    def provider_key(self) -> str:
        """The key of this indexer's provider status (circuit breaker)."""
        return f"indexer:{self.id}" if self.id else f"indexer:{self.kind}:test"


class IndexerClient(ABC):
    """One indexer kind. Subclasses set `kind` and `protocol` (None: it gives both)."""

    kind: ClassVar[str] = ""
    protocol: ClassVar[str | None] = TORRENT

    def __init__(self, config: IndexerConfig) -> None:
        self.config = config
        # A search caller may set a time.monotonic() deadline: a kind that makes several
        # requests starts no request that could outlast it, and sets `cut_short`.
        self.deadline: float | None = None
        self.cut_short = False

    @abstractmethod
    def search(self, criteria: SearchCriteria) -> list[Release]:
        """Every release the indexer has for the movie (one or a few requests)."""

    @abstractmethod
    def recent(self) -> list[Release]:
        """The newest items of the indexer's feed in our categories (RSS sync)."""

    @abstractmethod
    def capabilities(self) -> Capabilities:
        """Fetch what the indexer can search by (network)."""

    @abstractmethod
    def test(self) -> None:
        """Check the address, credentials and a search; raise the toolkit's error with a
        message that says exactly what failed."""

    @abstractmethod
    def http(self) -> HttpClient:
        """The indexer's session (its rate limit, headers and cookies): .torrent files
        are fetched through it."""

    def stamp(self, release: Release) -> Release:
        """Fill in this indexer's id, name and priority on a release it returned."""
        release.indexer = self.config.name
        release.indexer_id = self.config.id
        release.indexer_priority = self.config.priority
        return release
