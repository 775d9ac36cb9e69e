"""Jellyfin and Emby: tell the server which folder changed, or refresh the whole library.

Both speak the API Emby once defined: public info at /System/Info/Public, libraries at
/Library/VirtualFolders, `POST /Library/Media/Updated` for a changed path and
`POST /Library/Refresh` for everything. They differ in auth and name: Jellyfin 12 ignores
the old `X-Emby-Token` header by default, so Jellyfin gets the key in
`Authorization: MediaBrowser Token="…"` (accepted since 10.x); Emby keeps `X-Emby-Token`.
Jellyfin's public info says "Jellyfin Server" in ProductName; Emby's has no ProductName.
"""

from __future__ import annotations

from typing import Any, ClassVar

import requests

from mediaservers.clients.base import ConnectionConfig, MediaServerClient, Section
from radarr_site.http.errors import AuthError, BadResponse, NotFound
from radarr_site.http.session import HttpClient, decode_json

MOVIE_COLLECTIONS = {"movies", "mixed", ""}  # a mixed library has no CollectionType


class Jellyfin(MediaServerClient):
    """A Jellyfin server reached with an API key."""

    kind = "jellyfin"
    product = "Jellyfin"
    # Read timeout: a server busy with a scan answers slowly, but not for minutes.
    timeout: ClassVar[tuple[float, float]] = (5.0, 15.0)

    def __init__(self, config: ConnectionConfig) -> None:
        super().__init__(config)
        headers = {"Accept": "application/json"}
        if config.api_key:
            headers.update(self.auth_headers(config.api_key))
        self.http = HttpClient(
            config.provider_key,
            config.base_url,
            label=config.name or self.product,
            headers=headers,
            timeout=self.timeout,
            retries=2,
            backoff_factor=0.5,
            # A read timeout is not retried: the outbox retries the delivery later, and a
            # person pressing Test waits one timeout, not three.
            retry_read=False,
        )
        self.where = f"{self.http.label} ({self.http.host})"

    @staticmethod
    def auth_headers(key: str) -> dict[str, str]:
        return {"Authorization": f'MediaBrowser Token="{key}"'}

    def answers_as(self, info: dict[str, Any]) -> str | None:
        """The product the public info names when it is not this one, else None."""
        product = str(info.get("ProductName") or "")
        if self.product.lower() in product.lower():
            return None
        return product or "Emby"

    # -- transport -------------------------------------------------------------------------

    def _call(self, method: str, path: str, **kwargs: Any) -> requests.Response:
        try:
            return self.http.request(method, path, **kwargs)
        except AuthError as exc:
            problem = (
                "asks for an API key and none is set"
                if not self.config.api_key
                else (f"refused the API key (HTTP {exc.status})")
            )
            raise AuthError(f"{self.where}: {self.product} {problem}", status=exc.status) from exc

    # -- the interface -----------------------------------------------------------------------

    def sections(self) -> list[Section]:
        body = decode_json(self._call("GET", "Library/VirtualFolders"), self.where)
        if not isinstance(body, list):
            raise BadResponse(f"{self.where} listed its libraries in an unknown shape")
        return [self._section(folder) for folder in body]

    def _section(self, folder: Any) -> Section:
        if not isinstance(folder, dict) or not folder.get("Name"):
            raise BadResponse(f"{self.where} listed a library without a name")
        locations = folder.get("Locations") or []
        if not isinstance(locations, list):
            raise BadResponse(f"{self.where} listed the folders of a library in an unknown shape")
        return Section(
            key=str(folder.get("ItemId") or folder["Name"]),
            title=str(folder["Name"]),
            kind=str(folder.get("CollectionType") or "mixed"),
            locations=tuple(str(path) for path in locations if isinstance(path, str) and path),
        )

    def refresh(self, path: str) -> str:
        server_path = self.config.server_path(path)
        holding = [s for s in self.sections() if s.holds(server_path)]
        if not holding:
            self._call("POST", "Library/Refresh")
            return (
                f"No {self.product} library holds {server_path} (check the path mappings): "
                "refreshed every library"
            )
        update = {"Updates": [{"Path": server_path, "UpdateType": "Modified"}]}
        try:
            self._call("POST", "Library/Media/Updated", json=update)
        except NotFound:
            # Servers from before /Library/Media/Updated answer 404: scan everything.
            self._call("POST", "Library/Refresh")
            return (
                f"{self.product} does not know /Library/Media/Updated (an older server): "
                f"refreshed every library for {server_path}"
            )
        titles = ", ".join(s.title for s in holding)
        return f"Told {self.product} that {server_path} changed ({titles})"

    def test(self) -> None:
        info = decode_json(self._call("GET", "System/Info/Public"), self.where)
        if not isinstance(info, dict) or not info.get("Id") or not info.get("Version"):
            raise BadResponse(f"{self.where} does not look like a {self.product} server")
        if other := self.answers_as(info):
            raise BadResponse(
                f"{self.where} answers as {other} {info.get('Version')}, not {self.product}: "
                "choose that kind for this connection"
            )
        sections = self.sections()
        if not any(s.kind in MOVIE_COLLECTIONS for s in sections):
            raise BadResponse(
                f"{self.where}: {self.product} has no movie library; add one for the movies "
                "to appear"
            )


class Emby(Jellyfin):
    """An Emby server reached with an API key."""

    kind = "emby"
    product = "Emby"

    @staticmethod
    def auth_headers(key: str) -> dict[str, str]:
        return {"X-Emby-Token": key}

    def answers_as(self, info: dict[str, Any]) -> str | None:
        product = str(info.get("ProductName") or "")
        # Emby's public info has no ProductName; a server that names itself is another one.
        return product if product and "emby" not in product.lower() else None
