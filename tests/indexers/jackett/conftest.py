"""The fake Torznab server fixtures, shared with the newznab tests."""

from __future__ import annotations

from tests.indexers.newznab.conftest import torznab, torznab_session  # noqa: F401 (fixtures)
