"""Fixtures for every indexers test: the fake indexer and download-client kinds, and The
Matrix in a library with a root folder and Radarr's qualities."""

from __future__ import annotations

from tests.fakes.download_client import fake_kinds, matrix  # noqa: F401 (fixtures)
from tests.fakes.indexer import fake_indexers  # noqa: F401 (fixture)
