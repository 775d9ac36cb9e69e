"""Pages of the indexers app (admins only): Settings → Indexers (the list, add / edit /
delete, Test, capabilities, import from Prowlarr) and the indexer options.

Their URLs live with the other settings pages in movies/settings_urls.py.
"""

from indexers.views.options import indexer_options

__all__ = ["indexer_options"]
