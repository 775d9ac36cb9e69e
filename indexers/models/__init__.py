"""The indexers app's models: options, configured indexers and RSS sync state."""

from indexers.models.indexer import Indexer
from indexers.models.options import IndexerOptions
from indexers.models.rss import RssSyncReport, SeenRelease

__all__ = ["Indexer", "IndexerOptions", "RssSyncReport", "SeenRelease"]
