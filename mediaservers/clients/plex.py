"""Plex Media Server: list library sections, scan just the folder a movie landed in.

The token travels in the `X-Plex-Token` header (never the query, so no URL carries it)
and `Accept: application/json` makes Plex answer JSON instead of XML. A refresh maps our
path to the one Plex sees, finds the section holding it (movie sections first, the most
specific folder wins) and asks for a partial scan of that folder; only when no section
holds it are the movie sections scanned in full, which on a large library takes minutes.
"""

from __future__ import annotations

import posixpath
from typing import Any, ClassVar
from urllib.parse import quote

import requests

from mediaservers.clients.base import ConnectionConfig, MediaServerClient, Section
from radarr_site.http.errors import AuthError, BadResponse
from radarr_site.http.session import HttpClient, decode_json


def _match_length(section: Section, path: str) -> int:
    """How long the section's folder holding `path` is (0: it holds none)."""
    clean = posixpath.normpath(path)
    best = 0
    for location in section.locations:
        folder = posixpath.normpath(location)
        if clean == folder or clean.startswith(folder.rstrip("/") + "/"):
            best = max(best, len(folder))
    return best


class Plex(MediaServerClient):
    """A Plex Media Server reached with a token."""

    kind = "plex"
    # Read timeout: a Plex busy with a scan answers slowly, but not for minutes.
    timeout: ClassVar[tuple[float, float]] = (5.0, 15.0)

    def __init__(self, config: ConnectionConfig) -> None:
        super().__init__(config)
        headers = {"Accept": "application/json"}
        if config.api_key:
            headers["X-Plex-Token"] = config.api_key
        self.http = HttpClient(
            config.provider_key,
            config.base_url,
            label=config.name or "Plex",
            headers=headers,
            timeout=self.timeout,
            retries=2,
            backoff_factor=0.5,
            # A read timeout is not retried: the outbox retries the delivery later, and a
            # person pressing Test waits one timeout, not three.
            retry_read=False,
        )
        self.where = f"{self.http.label} ({self.http.host})"

    # -- transport -------------------------------------------------------------------------

    def _get(self, path: str, params: dict[str, str] | None = None) -> requests.Response:
        try:
            return self.http.request("GET", path, params=params)
        except AuthError as exc:
            if not self.config.api_key:
                raise AuthError(
                    f"{self.where}: Plex asks for a token and none is set", status=exc.status
                ) from exc
            raise AuthError(
                f"{self.where}: Plex refused the token (HTTP {exc.status})", status=exc.status
            ) from exc

    def _container(self, path: str) -> dict[str, Any]:
        body = decode_json(self._get(path), self.where)
        container = body.get("MediaContainer") if isinstance(body, dict) else None
        if not isinstance(container, dict):
            raise BadResponse(f"{self.where} answered /{path} without a Plex MediaContainer")
        return container

    # -- the interface -----------------------------------------------------------------------

    def sections(self) -> list[Section]:
        container = self._container("library/sections")
        directories = container.get("Directory", [])  # absent when there is no library
        if not isinstance(directories, list):
            raise BadResponse(f"{self.where} listed its libraries in an unknown shape")
        return [self._section(directory) for directory in directories]

    def _section(self, directory: Any) -> Section:
        if not isinstance(directory, dict) or directory.get("key") in (None, ""):
            raise BadResponse(f"{self.where} listed a library without a key")
        locations = directory.get("Location") or []
        if not isinstance(locations, list):
            raise BadResponse(f"{self.where} listed the folders of a library in an unknown shape")
        paths = tuple(
            str(location["path"])
            for location in locations
            if isinstance(location, dict) and location.get("path")
        )
        key = str(directory["key"])
        return Section(
            key=key,
            title=str(directory.get("title") or f"section {key}"),
            kind=str(directory.get("type") or ""),
            locations=paths,
        )

    def refresh(self, path: str) -> str:
        server_path = self.config.server_path(path)
        sections = self.sections()
        movies = [s for s in sections if s.kind == "movie"]
        holding = [s for s in sections if _match_length(s, server_path)]
        if holding:
            section = max(holding, key=lambda s: (s.kind == "movie", _match_length(s, server_path)))
            self._get(self._refresh_path(section), params={"path": server_path})
            return f"Partial scan of {section.title}: {server_path}"
        if not movies:
            raise BadResponse(
                f"{self.where}: no Plex library holds {server_path}, and there is no movie "
                "library to refresh instead (check the path mappings)"
            )
        for section in movies:
            self._get(self._refresh_path(section))
        titles = ", ".join(s.title for s in movies)
        return (
            f"No Plex library holds {server_path} (check the path mappings): "
            f"full refresh of {titles}"
        )

    @staticmethod
    def _refresh_path(section: Section) -> str:
        return f"library/sections/{quote(section.key, safe='')}/refresh"

    def test(self) -> None:
        identity = self._container("identity")
        if not identity.get("machineIdentifier"):
            raise BadResponse(f"{self.where} does not look like a Plex Media Server")
        if not any(s.kind == "movie" for s in self.sections()):
            raise BadResponse(
                f"{self.where}: Plex has no movie library; add one in Plex for the movies to appear"
            )
