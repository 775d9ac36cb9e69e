"""Fixtures of the scene-group analysis tests: the fake HDBits serving its catalogue, an
HDBits indexer pointing at it, the analysis settings, a fake clock and the scoring stub."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from indexers.models import Indexer
from scenegroups import analysis
from scenegroups.models import AnalysisRun, AnalysisSettings
from tests.servers.hdbits import hdbits_server

T0 = datetime(2026, 11, 29, 12, 0, tzinfo=UTC)
PAUSE = timedelta(seconds=35)


class Clock:
    """The analysis' `now()`, moved by hand."""

    def __init__(self) -> None:
        self.at = T0

    def __call__(self) -> datetime:
        return self.at

    def advance(self, by: timedelta) -> None:
        self.at += by

    def to(self, moment: datetime) -> None:
        self.at = moment


@pytest.fixture
def clock(monkeypatch) -> Clock:
    fake = Clock()
    monkeypatch.setattr(analysis, "now", fake)
    return fake


@pytest.fixture
def hdbits():
    with hdbits_server(catalogue=True) as server:
        yield server


@pytest.fixture
def indexer(db, hdbits) -> Indexer:
    return Indexer.objects.create(
        kind="hdbits",
        name="HDBits",
        base_url=hdbits.base_url,
        username=hdbits.username,
        api_key=hdbits.passkey,
        requests_per_minute=0,
        categories=[1],
        options={"codecs": [5]},  # narrows searches only: the analysis reads every codec
    )


@pytest.fixture
def settings_2x3(db) -> AnalysisSettings:
    settings = AnalysisSettings.load()
    settings.categories, settings.pages_per_category, settings.pause_seconds = [1, 2], 3, 35
    settings.save()
    return settings


@pytest.fixture
def scored(monkeypatch) -> list[int]:
    """Stands in for scenegroups.services.recompute_scores; counts its calls."""
    from scenegroups import services

    calls: list[int] = []

    def recompute_scores() -> int:
        calls.append(1)
        return 7

    monkeypatch.setattr(services, "recompute_scores", recompute_scores, raising=False)
    return calls


def the_run() -> AnalysisRun:
    """The latest run."""
    return AnalysisRun.objects.order_by("-started_at", "-pk").first()


def step_when_due(clock: Clock):
    """Move the clock to the run's next page and take one step."""
    run = the_run()
    if run.next_page_at:
        clock.to(max(clock.at, run.next_page_at))
    return analysis.step()


def run_to_the_end(clock: Clock, limit: int = 50) -> list:
    outcomes = []
    for _ in range(limit):
        if the_run().state != AnalysisRun.State.RUNNING:
            break
        outcomes.append(step_when_due(clock))
    return outcomes


def pages_asked(server) -> list[tuple[list, int]]:
    return [(r["body"]["category"], r["body"]["page"]) for r in server.requests]
