"""The Newznab family of indexer clients: Torznab (torrents) and Newznab (usenet).

xml.py parses safely, errors.py maps `<error>` codes, caps.py reads `t=caps`, feed.py
turns RSS items into Releases, client.py builds the requests. Jackett reuses Torznab.
"""

from indexers.clients.newznab.client import Newznab, NewznabFamily, Torznab

__all__ = ["Newznab", "NewznabFamily", "Torznab"]
