"""Shared builders for the Settings → Indexers tests: a stored indexer and form data."""

from __future__ import annotations

from indexers.models import Indexer

KEY = "stored-indexer-key-8675309"


def make_indexer(name="Fake", kind="fakeidx", **fields) -> Indexer:
    defaults = {"base_url": "http://127.0.0.1:9117", "api_key": KEY, "categories": [2000]}
    defaults.update(fields)
    return Indexer.objects.create(name=name, kind=kind, **defaults)


def form_data(kind: str, **fields) -> dict:
    """What the browser posts for a kind's form (unticked boxes are left out).

    Saves go as "Save anyway" (no Test first: these addresses have no indexer behind
    them); tests of the Test-on-save pass save_anyway=None."""
    data = {
        "save_anyway": "1",
        "kind": kind,
        "name": "Tracker",
        "enable_rss": "on",
        "enable_automatic_search": "on",
        "enable_interactive_search": "on",
        "priority": 25,
        "base_url": "http://127.0.0.1:9117",
        "api_path": "/api",
        "api_key": KEY,
        "categories": "2000, 2040",
        "minimum_seeders": 1,
        "seed_ratio": "",
        "seed_time_minutes": "",
        "requests_per_minute": 30,
    }
    if kind == "hdbits":
        data.update(base_url="https://hdbits.org", username="alice", categories="1")
    data.update(fields)
    return {
        k: v
        for k, v in data.items()
        if v is not None and v is not False and not (k.startswith("enable_") and v == "")
    }
