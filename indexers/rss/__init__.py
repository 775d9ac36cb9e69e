"""RSS sync: each RSS-enabled indexer's newest items matched to monitored movies and the
best release per movie grabbed; the Indexers page reads each indexer's last report."""

from indexers.rss.index import MovieIndex
from indexers.rss.reports import last_sync_reports
from indexers.rss.sync import rss_sync

__all__ = ["MovieIndex", "last_sync_reports", "rss_sync"]
