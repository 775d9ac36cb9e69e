"""RSS sync: each RSS-enabled indexer's newest items matched to monitored movies and the
best release per movie grabbed; the Indexers page reads each indexer's last report."""

from indexers.rss.reports import last_sync_reports

__all__ = ["last_sync_reports"]
