"""Jackett: a Torznab client whose URL picks one Jackett indexer, or "all" of them.

`base_url` is Jackett's root (http://host:9117) and options["indexer"] (default "all")
the indexer id; the API is `/api/v2.0/indexers/{indexer}/results/torznab/api`, so the
configured api_path is ignored. A full Torznab URL pasted as base_url (…/results/torznab)
is used as it is.
"""

from __future__ import annotations

import re
from urllib.parse import quote

from indexers.clients.newznab import Torznab
from radarr_site.http.errors import BadResponse

_INDEXER_ID = re.compile(r"[A-Za-z0-9._-]+")


class Jackett(Torznab):
    """One Jackett indexer, or the `all` aggregate of every configured one."""

    kind = "jackett"

    @property
    def indexer(self) -> str:
        return str(self.config.options.get("indexer") or "all").strip() or "all"

    def api_path_for(self) -> str:
        if self.config.base_url.rstrip("/").endswith("/results/torznab"):
            return "api"  # a pasted Torznab URL: its path already names the indexer
        if not _INDEXER_ID.fullmatch(self.indexer):
            raise BadResponse(f"Jackett indexer id {self.indexer!r} is not a valid id")
        return f"/api/v2.0/indexers/{quote(self.indexer)}/results/torznab/api"
