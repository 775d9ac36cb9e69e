"""Tests of the movies app: TMDB client, fake TMDB, movie services, metadata refresh."""
