"""Search: every eligible indexer asked at once, duplicates removed, releases judged;
automatic search (grab the best), the paced search of wanted movies, and queueing a
movie's search as a task. Other apps reach these through indexers.services."""

from indexers.search.run import IndexerOutcome, eligible_indexers, query_indexers
from indexers.search.service import (
    AutomaticOutcome,
    SearchResult,
    automatic_search,
    queue_movie_search,
    search_movie,
)
from indexers.search.wanted import queue_wanted_search, search_wanted, wanted_search_running

__all__ = [
    "AutomaticOutcome",
    "IndexerOutcome",
    "SearchResult",
    "automatic_search",
    "eligible_indexers",
    "query_indexers",
    "queue_movie_search",
    "queue_wanted_search",
    "search_movie",
    "search_wanted",
    "wanted_search_running",
]
