"""A download client that answers Test with scripted problems, for the settings, admin and
health tests (real clients are tested against real servers elsewhere)."""

from __future__ import annotations

import pytest

from downloads.clients import KINDS
from downloads.clients.base import ClientConfig, DownloadClient


class ScriptedClient(DownloadClient):
    """Returns `problems` from test() (or raises `error`) and remembers each config tested."""

    problems: list[str] = []
    error: Exception | None = None
    tested: list[ClientConfig] = []

    def test(self) -> list[str]:
        type(self).tested.append(self.config)
        if type(self).error is not None:
            raise type(self).error
        return list(type(self).problems)

    def add(self, request):
        raise NotImplementedError

    def active(self):
        return []

    def pause(self, download_id):
        raise NotImplementedError

    def resume(self, download_id):
        raise NotImplementedError

    def remove(self, download_id, delete_files):
        raise NotImplementedError


@pytest.fixture
def scripted_kinds(monkeypatch):
    """Every kind is built as ScriptedClient; set `.problems` / `.error` in the test."""
    monkeypatch.setattr(ScriptedClient, "problems", [])
    monkeypatch.setattr(ScriptedClient, "error", None)
    monkeypatch.setattr(ScriptedClient, "tested", [])
    for kind, (label, protocol, _) in list(KINDS.items()):
        monkeypatch.setitem(
            KINDS, kind, (label, protocol, "tests.downloads.settings_fakes.ScriptedClient")
        )
    return ScriptedClient
