"""Clients of the external services the movies app talks to (TMDB)."""

from movies.clients.tmdb import MovieDetails, SearchPage, SearchResult, TmdbClient

__all__ = ["MovieDetails", "SearchPage", "SearchResult", "TmdbClient"]
