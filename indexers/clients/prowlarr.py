"""Prowlarr through its own API v1: one aggregate search across its indexers.

Search and RSS go to `GET /api/v1/search`; `list_indexers()` reads `/api/v1/indexer` (the
"import from Prowlarr" action and the Test button use it). Every Prowlarr indexer is also a
Torznab / Newznab endpoint of its own; those are the Newznab family's business, not ours.

Releases keep our indexer's id and priority; their `indexer` name becomes
"<our name> (<Prowlarr's indexer>)", so the results table and the blocklist tell the
trackers behind one Prowlarr apart.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from typing import Any

from indexers.clients.base import (
    Capabilities,
    Category,
    IndexerClient,
    IndexerConfig,
    SearchCriteria,
)
from indexers.release import TORRENT, USENET, IndexerFlags, Release
from radarr_site.http.errors import AuthError, BadResponse
from radarr_site.http.session import HttpClient, decode_json

log = logging.getLogger(__name__)

SEARCH_LIMIT = 100
# Prowlarr waits for every indexer behind it before answering a search.
SEARCH_TIMEOUT = (5.0, 90.0)
# Prowlarr's IndexerFlag names (NzbDrone.Core.Indexers.IndexerFlag) → Radarr's bits.
# "neutralleech" (neither download nor upload counts) is freeleech as far as ratio goes.
FLAG_NAMES = {
    "freeleech": IndexerFlags.FREELEECH,
    "neutralleech": IndexerFlags.FREELEECH,
    "halfleech": IndexerFlags.HALFLEECH,
    "doubleupload": IndexerFlags.DOUBLE_UPLOAD,
    "internal": IndexerFlags.INTERNAL,
    "scene": IndexerFlags.SCENE,
}
# Prowlarr's DownloadProtocol enum, for versions that send it as a number.
PROTOCOL_NUMBERS = {1: USENET, 2: TORRENT}


def _error_detail(response: Any) -> str | None:
    """Prowlarr's error bodies: {"message": ...} or a list of validation failures."""
    body = decode_json(response, "Prowlarr")
    if isinstance(body, dict) and isinstance(body.get("message"), str):
        return body["message"][:200]
    if isinstance(body, list) and body and isinstance(body[0], dict):
        return str(body[0].get("errorMessage", ""))[:200] or None
    return None


def _whole(value: Any) -> int | None:
    """An integer from JSON (a number or a numeric string); None for anything else."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str) and value.strip().isdigit():
        return int(value.strip())
    return None


def _text(value: Any) -> str:
    return value.strip() if isinstance(value, str) else ""


def parse_date(value: Any) -> datetime | None:
    """Prowlarr's ISO 8601 publishDate as an aware datetime (UTC when it has no zone)."""
    if not isinstance(value, str) or not value:
        return None
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def parse_flags(value: Any) -> int:
    """indexerFlags as names ("freeleech") or as Radarr's bit values; unknown ones ignored."""
    bits = 0
    for flag in value if isinstance(value, list) else ():
        if isinstance(flag, str):
            bits |= FLAG_NAMES.get(flag.strip().lower(), 0)
        elif isinstance(flag, int) and not isinstance(flag, bool) and flag > 0:
            bits |= flag
    return bits


def imdb_tag(value: Any) -> str:
    """imdbId (0133093 as a number, or "tt0133093") as "tt0133093"; "" when unknown."""
    number = _whole(value)
    if number is None and isinstance(value, str) and value.lower().startswith("tt"):
        number = _whole(value[2:])
    return f"tt{number:07d}" if number else ""


def protocol_of(value: Any) -> str | None:
    if isinstance(value, str) and value.lower() in (TORRENT, USENET):
        return value.lower()
    return PROTOCOL_NUMBERS.get(value) if isinstance(value, int) else None


def movie_query(criteria: SearchCriteria) -> str:
    """The id search as Prowlarr takes it in `query` with type=movie.

    Prowlarr's NewznabRequest.QueryToParams (src/NzbDrone.Core/IndexerSearch/
    NewznabRequest.cs) lifts `{ImdbId:…}` and `{TmdbId:…}` tokens out of the query into
    the imdbid / tmdbid parameters when t=movie, case-insensitively; the same syntax is
    what Prowlarr's own search box takes (e.g. `{ImdbId:tt0172495}`,
    github.com/dreulavelle/Prowlarr-Indexers pull 2).
    """
    tokens = []
    if criteria.imdb_number:
        tokens.append(f"{{ImdbId:tt{int(criteria.imdb_number):07d}}}")
    if criteria.tmdb_id:
        tokens.append(f"{{TmdbId:{criteria.tmdb_id}}}")
    return "".join(tokens)


class Prowlarr(IndexerClient):
    """A Prowlarr server: aggregate search, its indexer list, and a status check."""

    kind = "prowlarr"
    protocol = None  # each release says torrent or usenet

    def __init__(self, config: IndexerConfig, **http_options: Any) -> None:
        super().__init__(config)
        self.label = config.name or "Prowlarr"
        self._http = HttpClient(
            config.provider_key,
            config.base_url,
            label=self.label,
            headers={"X-Api-Key": config.api_key},
            rate_per_minute=config.requests_per_minute or None,
            retries=2,
            backoff_factor=0.2,
            retry_read=False,  # a search that timed out once would only time out again
            error_detail=_error_detail,
            **http_options,
        )
        self.where = f"{self._http.label} ({self._http.host})"
        self.skipped = 0  # items of the last answer that could not be read

    def http(self) -> HttpClient:
        return self._http

    # -- transport ------------------------------------------------------------------------

    def _get(self, path: str, **kwargs: Any) -> Any:
        try:
            # Accept only on API calls: the same session fetches .torrent files.
            return self._http.json("GET", path, headers={"Accept": "application/json"}, **kwargs)
        except AuthError as exc:
            raise AuthError(
                f"{self.where} refused the API key (HTTP {exc.status})", status=exc.status
            ) from exc

    def _list(self, body: Any, what: str) -> list:
        if not isinstance(body, list):
            raise BadResponse(
                f"{self.where} answered {what} with {type(body).__name__} instead of a list"
            )
        return body

    # -- search ---------------------------------------------------------------------------

    def _params(self, kind: str, query: str) -> dict[str, Any]:
        params: dict[str, Any] = {"query": query, "type": kind, "limit": SEARCH_LIMIT}
        if self.config.categories:
            params["categories"] = list(self.config.categories)  # repeated, as Prowlarr reads
        ids = [i for i in (_whole(v) for v in self.config.options.get("indexer_ids") or []) if i]
        if ids:
            params["indexerIds"] = ids
        return params

    def _search(self, kind: str, query: str) -> list[Release]:
        body = self._get("api/v1/search", params=self._params(kind, query), timeout=SEARCH_TIMEOUT)
        return self.releases_from(self._list(body, "the search"))

    def search(self, criteria: SearchCriteria) -> list[Release]:
        ids = movie_query(criteria)
        if ids:
            return self._search("movie", ids)
        releases: list[Release] = []
        seen: set[str] = set()
        for title in (criteria.title, *criteria.alternative_titles):
            query = criteria.text_query(title)
            if query and query.lower() not in seen:
                seen.add(query.lower())
                releases.extend(self._search("search", query))
        return releases

    def recent(self) -> list[Release]:
        # An empty query is Prowlarr's RSS: each indexer's newest items in the categories.
        return self._search("search", "")

    def releases_from(self, items: list) -> list[Release]:
        """Map Prowlarr's release resources; items that cannot be read are skipped and
        counted in `skipped` (and logged), never fatal."""
        releases, skipped = [], 0
        for item in items:
            release = self.release_from(item)
            if release is None:
                skipped += 1
            else:
                releases.append(release)
        self.skipped = skipped
        if skipped:
            log.warning(
                "%s: skipped %d unreadable release(s) of %d", self.where, skipped, len(items)
            )
        return releases

    def release_from(self, item: Any) -> Release | None:
        """One release resource as a Release, or None when it lacks a title, a readable
        size, a known protocol or a download link."""
        if not isinstance(item, dict):
            return None
        title = _text(item.get("title"))
        size = _whole(item.get("size", 0))
        protocol = protocol_of(item.get("protocol"))
        link = _text(item.get("downloadUrl")) or _text(item.get("magnetUrl"))
        if not title or size is None or size < 0 or protocol is None or not link:
            return None
        seeders = leechers = None
        if protocol == TORRENT:
            seeders, leechers = _whole(item.get("seeders")), _whole(item.get("leechers"))
        release = Release(
            title=title,
            size=size,
            protocol=protocol,
            seeders=seeders,
            peers=seeders + leechers if seeders is not None and leechers is not None else None,
            publish_date=parse_date(item.get("publishDate")),
            indexer_flags=parse_flags(item.get("indexerFlags")),
            download_url=link,
            guid=_text(item.get("guid")) or link,
            info_hash=_text(item.get("infoHash")).lower(),
            info_url=_text(item.get("infoUrl")) or _text(item.get("commentUrl")),
            tmdb_id=_whole(item.get("tmdbId")) or None,
            imdb_id=imdb_tag(item.get("imdbId")),
        )
        self.stamp(release)
        theirs = _text(item.get("indexer"))
        if theirs:
            release.indexer = f"{self.config.name} ({theirs})"
        return release

    # -- Prowlarr's indexers, capabilities, test ------------------------------------------

    def _indexers(self) -> list[tuple[dict[str, Any], dict[int, str]]]:
        """Each readable Prowlarr indexer with its category names by id."""
        found = []
        for item in self._list(self._get("api/v1/indexer"), "the indexer list"):
            if not isinstance(item, dict):
                continue
            number, name = _whole(item.get("id")), _text(item.get("name"))
            if not number or not name:
                continue
            names = category_names(item.get("capabilities"))
            row = {
                "id": number,
                "name": name,
                "enable": item.get("enable") is True,
                "protocol": protocol_of(item.get("protocol")),
                "priority": _whole(item.get("priority")),
                "categories": sorted(names),
            }
            found.append((row, names))
        return found

    def list_indexers(self) -> list[dict[str, Any]]:
        """Prowlarr's indexers as {id, name, enable, protocol, priority, categories}
        (category ids, subcategories included); unreadable entries are left out."""
        return [row for row, _ in self._indexers()]

    def capabilities(self) -> Capabilities:
        """Prowlarr takes ids and text for every movie search (it translates for the
        indexers behind it); the categories are those of its enabled indexers."""
        names: dict[int, str] = {}
        for row, their_names in self._indexers():
            if row["enable"]:
                for number, name in their_names.items():
                    names[number] = names.get(number) or name
        return Capabilities(
            search_params=frozenset({"q"}),
            movie_params=frozenset({"q", "imdbid", "tmdbid"}),
            categories=tuple(Category(i, names[i]) for i in sorted(names)),
            limit_max=SEARCH_LIMIT,
            limit_default=SEARCH_LIMIT,
            server_title="Prowlarr",
        )

    def test(self) -> None:
        status = self._get("api/v1/system/status")
        if not isinstance(status, dict) or "version" not in status:
            raise BadResponse(f"{self.where} did not answer like Prowlarr (no system status)")
        if not any(indexer["enable"] for indexer in self.list_indexers()):
            raise BadResponse(f"{self.where}: Prowlarr has no enabled indexers")


def category_names(capabilities: Any) -> dict[int, str]:
    """Every category and subcategory of a Prowlarr indexer's capabilities: id → name."""
    names: dict[int, str] = {}
    categories = capabilities.get("categories") if isinstance(capabilities, dict) else None
    for category in categories if isinstance(categories, list) else ():
        if not isinstance(category, dict):
            continue
        subs = category.get("subCategories")
        for entry in (category, *(subs if isinstance(subs, list) else ())):
            number = _whole(entry.get("id")) if isinstance(entry, dict) else None
            if number:
                names[number] = _text(entry.get("name"))
    return names
