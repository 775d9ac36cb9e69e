"""The Newznab family's shared request builder and its two kinds, Torznab and Newznab.

A request is `GET {base_url}{api_path}?t=…&apikey=…&cat=…&extended=1&limit=…&offset=…`
through the indexer's own HttpClient (its rate limit, timeouts and size cap). The API key
travels only as a query parameter: messages and logs name the indexer and host, never the
URL, and every error message passes through hide_secrets (an indexer's own error text may
quote the key). Per-kind code is the protocol and, for Jackett, the URL shape (`api_path_for`).
"""

from __future__ import annotations

import time
from typing import ClassVar

from lxml import etree

from indexers.clients.base import Capabilities, IndexerClient, SearchCriteria
from indexers.clients.newznab.caps import parse_caps
from indexers.clients.newznab.errors import error_detail, raise_for_error, raise_for_limit_text
from indexers.clients.newznab.feed import Feed, parse_feed
from indexers.clients.newznab.xml import parse_xml
from indexers.clients.values import hide_secrets, hiding_secrets, holds_secret, url_guid
from indexers.release import TORRENT, USENET, Release
from radarr_site.http.errors import BadResponse
from radarr_site.http.session import HttpClient

MAX_BYTES = 20 * 1024 * 1024  # a 5,000-item feed is about 10 MB
MAX_PAGES = 2  # at most two pages of `limit` items per query
# What Radarr assumes of an indexer whose capabilities were never fetched.
DEFAULT_CAPABILITIES = Capabilities(
    search_params=frozenset({"q"}), movie_params=frozenset({"q", "imdbid"})
)


@hiding_secrets("fetch", "feed", "search", "recent", "capabilities", "test")
class NewznabFamily(IndexerClient):
    """Everything Torznab, Newznab and Jackett share; subclasses set kind and protocol."""

    timeout: ClassVar[tuple[float, float]] = (5.0, 30.0)
    retries: ClassVar[int] = 2

    _http: HttpClient | None = None

    @property
    def where(self) -> str:
        """How messages name this indexer: its name and host, never its URL."""
        client = self.http()
        return f"{client.label} ({client.host})"

    def api_path_for(self) -> str:
        return self.config.api_path or "/api"

    def http(self) -> HttpClient:
        if self._http is None:
            self._http = self._build_http()
        return self._http

    def _build_http(self) -> HttpClient:
        return HttpClient(
            self.config.provider_key,
            self.config.base_url,
            label=self.config.name or self.kind.title(),
            timeout=self.timeout,
            rate_per_minute=self.config.requests_per_minute or None,
            retries=self.retries,
            # A timed-out search is not retried: one slow indexer must not hold a search
            # for several read timeouts.
            retry_read=False,
            max_bytes=MAX_BYTES,
            # An indexer's error text may quote the request URL, key included.
            error_detail=lambda response: self._detail(response.content),
        )

    def _detail(self, content: bytes) -> str | None:
        detail = error_detail(content)
        return hide_secrets(detail, self.config) if detail else detail

    def fetch(self, params: dict[str, str]) -> etree._Element:
        """One API call: the XML root, after the error checks."""
        where = self.where
        query = dict(params)
        if self.config.api_key:
            query["apikey"] = self.config.api_key
        response = self.http().request("GET", self.api_path_for(), params=query)
        raise_for_limit_text(response.content, where)
        root = parse_xml(response.content, where, response.headers.get("Content-Type", ""))
        raise_for_error(root, where)
        return root

    def feed(self, params: dict[str, str]) -> Feed:
        """One search request parsed to a Feed of stamped releases."""
        root = self.fetch(params)
        feed = parse_feed(root, self.protocol or TORRENT, self.where)
        for item in feed.items:
            self.stamp(item.release)
            if holds_secret(item.release.guid, self.config):  # a guid that is the feed link
                item.release.guid = url_guid(item.release.guid)
        return feed

    def caps(self) -> Capabilities:
        """Stored capabilities, else what Radarr assumes."""
        return self.config.capabilities or DEFAULT_CAPABILITIES

    def _base_params(self, caps: Capabilities) -> dict[str, str]:
        params = {"extended": "1", "limit": str(min(caps.limit_max, 100))}
        if self.config.categories:
            params["cat"] = ",".join(str(c) for c in self.config.categories)
        return params

    def search(self, criteria: SearchCriteria) -> list[Release]:
        caps = self.caps()
        base = self._base_params(caps)
        limit = int(base["limit"])
        releases: list[Release] = []
        seen: set[str] = set()
        made = 0
        for query in criteria.build_query(caps):
            for page in range(MAX_PAGES):
                if made and not self._time_for_another_request():
                    self.cut_short = True
                    return releases
                made += 1
                feed = self.feed({**query, **base, "offset": str(page * limit)})
                for release in feed.releases:
                    if release.guid not in seen:
                        seen.add(release.guid)
                        releases.append(release)
                returned = len(feed.items) + feed.skipped
                more = feed.total is None or feed.total > (page + 1) * limit
                if returned < limit or not more:
                    break
        return releases

    def _time_for_another_request(self) -> bool:
        """Does the time left before `deadline` still cover one request's worst case
        (connect + read timeout)? Always true without a deadline."""
        if self.deadline is None:
            return True
        return self.deadline - time.monotonic() >= sum(self.timeout)

    def recent(self) -> list[Release]:
        caps = self.caps()
        # Radarr's RSS: the newest items of t=movie when the indexer has movie search.
        function = "movie" if caps.movie_search else "search"
        return self.feed({"t": function, **self._base_params(caps)}).releases

    def capabilities(self) -> Capabilities:
        return parse_caps(self.fetch({"t": "caps"}), self.where)

    def test(self) -> None:
        caps = self.capabilities()
        if not caps.search_params and not caps.movie_params:
            raise BadResponse(f"{self.where} offers neither text nor movie search (t=caps)")
        function = "movie" if caps.movie_search else "search"
        feed = self.feed({"t": function, **self._base_params(caps)})
        if not feed.items:
            raise BadResponse(
                f"{self.where} answered, but returned no results in the configured "
                "categories (check the indexer and its categories)"
            )


class Torznab(NewznabFamily):
    """A Torznab indexer (Jackett or Prowlarr per-indexer URL, or a tracker's own API)."""

    kind = "torznab"
    protocol = TORRENT


class Newznab(NewznabFamily):
    """A Newznab (usenet) indexer."""

    kind = "newznab"
    protocol = USENET
