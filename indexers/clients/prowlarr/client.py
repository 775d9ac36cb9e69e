"""The Prowlarr client: aggregate search, its indexer list, and a status check.

The API key travels as X-Api-Key on each API call only, never as a session default: the
same session fetches .torrent files, which may redirect off Prowlarr. Error messages pass
through hide_secrets (values.py) before anyone sees them.
"""

from __future__ import annotations

import logging
from typing import Any

from indexers.clients.base import (
    Capabilities,
    Category,
    IndexerClient,
    IndexerConfig,
    SearchCriteria,
)
from indexers.clients.prowlarr.api import (
    SEARCH_LIMIT,
    SEARCH_TIMEOUT,
    category_names,
    error_detail,
    movie_query,
    parse_flags,
    protocol_of,
)
from indexers.clients.values import (
    hide_secrets,
    hiding_secrets,
    imdb_tag,
    parse_iso_date,
    safe_guid,
    text,
    whole,
)
from indexers.release import TORRENT, Release
from radarr_site.http.errors import AuthError, BadResponse
from radarr_site.http.session import HttpClient

log = logging.getLogger(__name__)


@hiding_secrets("search", "recent", "capabilities", "test", "list_indexers")
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
            rate_per_minute=config.requests_per_minute or None,
            retries=2,
            backoff_factor=0.2,
            retry_read=False,  # a search that timed out once would only time out again
            # Prowlarr's error text may quote the request (and its key): scrubbed at source.
            error_detail=lambda response: self._detail(response),
            **http_options,
        )
        self.where = f"{self._http.label} ({self._http.host})"
        self.skipped = 0  # items of the last answer that could not be read

    def http(self) -> HttpClient:
        """The session, also used to fetch .torrent files (which may redirect to a tracker):
        it carries no API key; only the API calls in `_get` send X-Api-Key."""
        return self._http

    def _detail(self, response: Any) -> str | None:
        detail = error_detail(response)
        return hide_secrets(detail, self.config) if detail else detail

    # -- transport ------------------------------------------------------------------------

    def _get(self, path: str, **kwargs: Any) -> Any:
        try:
            # The key and Accept only on API calls: the same session fetches .torrent files.
            headers = {"Accept": "application/json", "X-Api-Key": self.config.api_key}
            return self._http.json("GET", path, headers=headers, **kwargs)
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
        ids = [i for i in (whole(v) for v in self.config.options.get("indexer_ids") or []) if i]
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
        title = text(item.get("title"))
        size = whole(item.get("size", 0))
        protocol = protocol_of(item.get("protocol"))
        link = text(item.get("downloadUrl")) or text(item.get("magnetUrl"))
        if not title or size is None or size < 0 or protocol is None or not link:
            return None
        seeders = leechers = None
        if protocol == TORRENT:
            seeders, leechers = whole(item.get("seeders")), whole(item.get("leechers"))
        release = Release(
            title=title,
            size=size,
            protocol=protocol,
            seeders=seeders,
            peers=seeders + leechers if seeders is not None and leechers is not None else None,
            publish_date=parse_iso_date(item.get("publishDate")),
            indexer_flags=parse_flags(item.get("indexerFlags")),
            download_url=link,
            # No guid: the info / comments page, else a hash of the link (which may carry
            # Prowlarr's key); a guid holding the key is hashed too.
            guid=safe_guid(
                text(item.get("guid")),
                (text(item.get("infoUrl")), text(item.get("commentUrl"))),
                link,
                self.config,
            ),
            info_hash=text(item.get("infoHash")).lower(),
            info_url=text(item.get("infoUrl")) or text(item.get("commentUrl")),
            tmdb_id=whole(item.get("tmdbId")) or None,
            imdb_id=imdb_tag(item.get("imdbId")),
        )
        self.stamp(release)
        theirs = text(item.get("indexer"))
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
            number, name = whole(item.get("id")), text(item.get("name"))
            if not number or not name:
                continue
            names = category_names(item.get("capabilities"))
            row = {
                "id": number,
                "name": name,
                "enable": item.get("enable") is True,
                "protocol": protocol_of(item.get("protocol")),
                "priority": whole(item.get("priority")),
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
