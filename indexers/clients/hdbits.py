"""HDBits through its JSON API: `POST /api/torrents` with the username and passkey.

Searches by IMDb id when the movie has one (HDBits matches ids exactly), else by text.
Options: `codecs` and `mediums` (lists of HDBits ids) narrow every query; categories are
HDBits ids 1 to 8 (the indexer's generic Newznab categories fall back to 1, Movie).
The passkey goes in request bodies and download links only, never in a message or log.
Rate: HDBits asks for gentleness; the indexer's own `requests_per_minute` applies (30 by
default; 0 means none, as for every kind) — we add no hidden limit on top.
"""

from __future__ import annotations

import logging
from datetime import datetime
from typing import Any

from indexers.clients.base import (
    Capabilities,
    Category,
    IndexerClient,
    IndexerConfig,
    SearchCriteria,
)
from indexers.clients.values import (
    from_timestamp,
    hide_secrets,
    hiding_secrets,
    imdb_tag,
    parse_iso_date,
)
from indexers.clients.values import whole as _whole
from indexers.release import TORRENT, IndexerFlags, Release
from radarr_site.http.errors import AuthError, BadResponse
from radarr_site.http.session import HttpClient, decode_json

log = logging.getLogger(__name__)

DEFAULT_BASE_URL = "https://hdbits.org"
LIMIT = 100  # HDBits' maximum per page
MOVIE = 1
CATEGORIES = {
    1: "Movie",
    2: "TV",
    3: "Documentary",
    4: "Music",
    5: "Sport",
    6: "Audio Track",
    7: "XXX",
    8: "Misc/Demo",
}
# HDBits' status codes and what each means (its API documentation's wording).
STATUSES = {
    1: "failure",
    2: "SSL required",
    3: "JSON malformed",
    4: "auth data missing",
    5: "auth failed",
    6: "missing required parameters",
    7: "invalid parameter",
    8: "IMDb import failed",
    9: "IMDb TV not allowed",
}
AUTH_STATUSES = frozenset({4, 5})
ORIGIN_INTERNAL = 1


def _ids(values: Any, low: int = 1, high: int | None = None) -> list[int]:
    """The whole numbers in a list option within [low, high]; anything else dropped."""
    found = []
    for value in values if isinstance(values, (list, tuple)) else ():
        number = _whole(value)
        if number is not None and number >= low and (high is None or number <= high):
            found.append(number)
    return found


@hiding_secrets("query", "search", "recent", "browse", "test")
class HDBits(IndexerClient):
    """The HDBits API, authenticated by username and passkey in each request body."""

    kind = "hdbits"
    protocol = TORRENT

    def __init__(self, config: IndexerConfig, **http_options: Any) -> None:
        super().__init__(config)
        self.base_url = (config.base_url or DEFAULT_BASE_URL).rstrip("/")
        self._http = HttpClient(
            config.provider_key,
            self.base_url,
            label=config.name or "HDBits",
            rate_per_minute=config.requests_per_minute or None,
            retries=2,
            backoff_factor=0.5,
            **http_options,
        )
        self.where = f"{self._http.label} ({self._http.host})"
        self.skipped = 0  # items of the last answer that could not be read

    def http(self) -> HttpClient:
        return self._http

    # -- transport ------------------------------------------------------------------------

    def _body(self, **extra: Any) -> dict[str, Any]:
        body: dict[str, Any] = {
            "username": self.config.username,
            "passkey": self.config.api_key,
            "category": _ids(self.config.categories, 1, 8) or [MOVIE],
        }
        for option, field in (("codecs", "codec"), ("mediums", "medium")):
            chosen = _ids(self.config.options.get(option))
            if chosen:
                body[field] = chosen
        body.update(extra)
        return body

    def query(self, body: dict[str, Any]) -> list:
        """POST one query; its `data` list, or the toolkit's error for HDBits' status."""
        response = self._http.request(
            "POST", "api/torrents", json=body, headers={"Accept": "application/json"}
        )
        answer = decode_json(response, self.where)
        if not isinstance(answer, dict) or _whole(answer.get("status")) is None:
            raise BadResponse(f"{self.where} answered without an HDBits status")
        status = _whole(answer["status"])
        if status != 0:
            meaning = STATUSES.get(status, "unknown status")
            message = answer.get("message")
            said = message.strip()[:200] if isinstance(message, str) else ""
            # HDBits' message often repeats the status's meaning; add it only when it says more.
            extra = (
                f" — {hide_secrets(said, self.config)}"
                if said and said.lower() != meaning.lower()
                else ""
            )
            if status in AUTH_STATUSES:
                raise AuthError(
                    f"{self.where}: HDBits refused the username or passkey "
                    f"(status {status}: {meaning}){extra}"
                )
            raise BadResponse(
                f"{self.where}: HDBits rejected the query (status {status}: {meaning}){extra}"
            )
        data = answer.get("data", [])
        if not isinstance(data, list):
            raise BadResponse(
                f"{self.where} answered with {type(data).__name__} data instead of a list"
            )
        return data

    # -- the interface --------------------------------------------------------------------

    def search(self, criteria: SearchCriteria) -> list[Release]:
        if criteria.imdb_number:
            body = self._body(imdb={"id": int(criteria.imdb_number)}, limit=LIMIT, page=0)
        else:
            body = self._body(search=criteria.text_query(), limit=LIMIT, page=0)
        return self.releases_from(self.query(body))

    def recent(self) -> list[Release]:
        # Without a search term HDBits lists the newest torrents first; the codec and medium
        # options narrow the feed too, as Radarr applies them to RSS.
        body = self._body(limit=LIMIT)
        return self.releases_from(self.query(body))

    def browse(self, category: int, page: int) -> list[dict]:
        """The raw items of one page (0 first) of a category's newest torrents, 100 a page.

        For the scene-group analysis: every torrent counts there, so the indexer's own
        categories, codecs and mediums (which narrow searches and RSS) do not apply.
        """
        body = {
            "username": self.config.username,
            "passkey": self.config.api_key,
            "category": [category],
            "limit": LIMIT,
            "page": page,
        }
        return self.query(body)

    def capabilities(self) -> Capabilities:
        return Capabilities(
            search_params=frozenset({"q"}),
            movie_params=frozenset({"imdbid"}),
            categories=tuple(Category(i, name) for i, name in CATEGORIES.items()),
            limit_max=LIMIT,
            limit_default=LIMIT,
            server_title="HDBits",
        )

    def test(self) -> None:
        if not self.config.username or not self.config.api_key:
            raise AuthError(f"{self.where}: enter the HDBits username and passkey")
        self.query(self._body(limit=1))

    # -- mapping --------------------------------------------------------------------------

    def releases_from(self, items: list) -> list[Release]:
        releases = [r for r in (self.release_from(item) for item in items) if r is not None]
        self.skipped = len(items) - len(releases)
        if self.skipped:
            log.warning("%s: skipped %d unreadable torrent(s)", self.where, self.skipped)
        return releases

    def release_from(self, item: Any) -> Release | None:
        """One HDBits torrent as a Release; None without an id, a name or a readable size."""
        if not isinstance(item, dict):
            return None
        number, name, size = _whole(item.get("id")), item.get("name"), _whole(item.get("size"))
        if not number or not isinstance(name, str) or not name.strip() or size is None:
            return None
        seeders, leechers = _whole(item.get("seeders")), _whole(item.get("leechers"))
        flags = 0
        if item.get("freeleech") == "yes":
            flags |= IndexerFlags.FREELEECH
        if _whole(item.get("type_origin")) == ORIGIN_INTERNAL:
            flags |= IndexerFlags.INTERNAL
        imdb = item.get("imdb")
        info_hash = item.get("hash")
        release = Release(
            title=name.strip(),
            size=size,
            protocol=TORRENT,
            seeders=seeders,
            peers=seeders + leechers if seeders is not None and leechers is not None else None,
            publish_date=self._added(item),
            indexer_flags=int(flags),
            download_url=f"{self.base_url}/download.php?id={number}&passkey={self.config.api_key}",
            guid=f"HDBits-{number}",
            info_hash=info_hash.lower() if isinstance(info_hash, str) else "",
            info_url=f"{self.base_url}/details.php?id={number}",
            imdb_id=imdb_tag(imdb.get("id")) if isinstance(imdb, dict) else "",
        )
        return self.stamp(release)

    @staticmethod
    def _added(item: dict) -> datetime | None:
        # A hostile utadded (huge, negative, text) only loses the date, never the item.
        return from_timestamp(item.get("utadded")) or parse_iso_date(item.get("added"))
