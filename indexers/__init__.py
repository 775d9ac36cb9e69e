"""Indexers: configuration, one client per kind, search, RSS sync and the decision engine."""
