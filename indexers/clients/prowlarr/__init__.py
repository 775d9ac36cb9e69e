"""Prowlarr through its own API v1: one aggregate search across its indexers.

Search and RSS go to `GET /api/v1/search`; `list_indexers()` reads `/api/v1/indexer` (the
"import from Prowlarr" action and the Test button use it). Every Prowlarr indexer is also a
Torznab / Newznab endpoint of its own; those are the Newznab family's business, not ours.
api.py reads Prowlarr's answers; client.py makes the requests.

Releases keep our indexer's id and priority; their `indexer` name becomes
"<our name> (<Prowlarr's indexer>)", so the results table and the blocklist tell the
trackers behind one Prowlarr apart.
"""

from indexers.clients.prowlarr.api import category_names, movie_query, parse_flags
from indexers.clients.prowlarr.client import Prowlarr

__all__ = ["Prowlarr", "category_names", "movie_query", "parse_flags"]
