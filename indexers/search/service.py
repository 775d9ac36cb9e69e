"""Searching for one movie: every eligible indexer at once, duplicates removed, every
release judged; and the automatic search that grabs the best accepted one.

`search_movie` is what the interactive search shows; `automatic_search` is what the
movie page's Search button, adding a movie with search, the Wanted pages and a failed
download run. `queue_movie_search` runs the latter as a django-q2 task once the
current transaction commits.
"""

from __future__ import annotations

import logging
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone

from downloads.services import AlreadyGrabbed, GrabError, NoClient
from indexers.clients.base import SearchCriteria
from indexers.decisions import Decision
from indexers.grabbing import grab_release, judge
from indexers.search.merge import remove_duplicates
from indexers.search.run import (
    AUTOMATIC,
    INTERACTIVE,
    IndexerOutcome,
    eligible_indexers,
    query_indexers,
)
from radarr_site.http.errors import IntegrationError

log = logging.getLogger(__name__)

MAX_GRAB_ATTEMPTS = 3  # accepted releases tried when fetching a .torrent fails
# Searches a person asked for: they run even for an unmonitored movie (as in Radarr);
# scheduled ones ("automatic", "wanted", "failed") search monitored movies only.
USER_SOURCES = frozenset({"interactive", "user", "add"})


@dataclass
class SearchResult:
    """One movie searched: every release judged (accepted ranked first, then rejected),
    how each indexer answered, and the counts before judging."""

    movie: Any
    decisions: list[Decision]
    outcomes: list[IndexerOutcome]
    searched_at: datetime
    total_found: int = 0  # releases the indexers returned, duplicates included
    duplicates_removed: int = 0

    @property
    def accepted(self) -> list[Decision]:
        return [d for d in self.decisions if d.accepted]

    @property
    def rejected(self) -> list[Decision]:
        return [d for d in self.decisions if not d.accepted]


@dataclass
class AutomaticOutcome:
    """What an automatic search did, with a sentence saying so."""

    decisions: list[Decision] = field(default_factory=list)
    grabbed: Any = None  # the Download, when one was sent to a client
    message: str = ""
    result: SearchResult | None = None


def search_movie(movie: Any, *, interactive: bool = False) -> SearchResult:
    """Ask every indexer enabled for this kind of search about `movie` and judge what they
    return. The database work does not grow with the number of releases."""
    purpose = INTERACTIVE if interactive else AUTOMATIC
    releases, outcomes = query_indexers(
        eligible_indexers(purpose), SearchCriteria.for_movie(movie), purpose=purpose
    )
    unique, removed = remove_duplicates(releases)
    decisions = judge(movie, unique) if unique else []
    return SearchResult(
        movie=movie,
        decisions=decisions,
        outcomes=outcomes,
        searched_at=timezone.now(),
        total_found=len(releases),
        duplicates_removed=removed,
    )


def top_reasons(decisions: list[Decision], limit: int = 3) -> str:
    """The most common rejections as '<a reason> (N releases); …' (grouped by rule,
    worded by the first release each rule turned down)."""
    counts: Counter[str] = Counter()
    example: dict[str, str] = {}
    for decision in decisions:
        for rejection in decision.rejections:
            counts[rejection.rule] += 1
            example.setdefault(rejection.rule, rejection.reason)
    parts = []
    for rule, count in counts.most_common(limit):
        parts.append(f"{example[rule]} ({count} release{'s' if count != 1 else ''})")
    return "; ".join(parts)


def _said(outcome: IndexerOutcome) -> str:
    """An indexer's failure as a sentence that names it once."""
    if outcome.held:
        return f"{outcome.name} is {outcome.error}"
    if outcome.error.startswith(outcome.name):
        return outcome.error
    return f"{outcome.name}: {outcome.error}"


def _nothing_found(result: SearchResult) -> str:
    outcomes = result.outcomes
    if not outcomes:
        return "No indexer is enabled for automatic search"
    failed = [o for o in outcomes if not o.answered]
    if len(failed) == len(outcomes):
        return "No indexer could search: " + "; ".join(_said(o) for o in failed)
    text = f"No releases found on {len(outcomes) - len(failed)} indexer(s)"
    if failed:
        text += " (" + "; ".join(_said(o) for o in failed) + ")"
    return text


def automatic_search(movie: Any, *, user: Any = None, source: str = AUTOMATIC) -> AutomaticOutcome:
    """Search `movie` and grab the best accepted release through a download client.

    Accepted releases are tried best first: when fetching one's .torrent (or sending it)
    fails, the next is tried, at most MAX_GRAB_ATTEMPTS. A release already downloading
    or no usable download client stops the search. Scheduled searches (no user, a
    source not in USER_SOURCES) skip an unmonitored movie.
    """
    if not movie.monitored and user is None and source not in USER_SOURCES:
        return _told(movie, AutomaticOutcome(message=f"{movie} is not monitored; not searched"))
    result = search_movie(movie)
    outcome = AutomaticOutcome(decisions=result.decisions, result=result)
    accepted = result.accepted
    if not result.decisions:
        outcome.message = _nothing_found(result)
        return _told(movie, outcome)
    if not accepted:
        count = len(result.decisions)
        outcome.message = (
            f"Found {count} release{'s' if count != 1 else ''}, none accepted: "
            f"{top_reasons(result.decisions)}"
        )
        return _told(movie, outcome)
    failures: list[str] = []
    for decision in accepted[:MAX_GRAB_ATTEMPTS]:
        release = decision.release
        try:
            outcome.grabbed = grab_release(movie, decision, user=user, source=source)
        except AlreadyGrabbed:
            outcome.message = f"Already downloading {release.title}"
            return _told(movie, outcome)
        except NoClient as error:
            outcome.message = str(error)
            return _told(movie, outcome)
        except (GrabError, IntegrationError) as error:
            log.warning(
                "Could not grab %s for %s: %s; trying the next", release.title, movie, error
            )
            failures.append(f"{release.title}: {error}")
            continue
        outcome.message = f"Grabbed {release.title} from {release.indexer}"
        return _told(movie, outcome)
    outcome.message = (
        f"Could not grab any of the {len(failures)} best accepted release(s): "
        + "; ".join(failures)
    )
    return _told(movie, outcome)


def _told(movie: Any, outcome: AutomaticOutcome) -> AutomaticOutcome:
    log.info("Automatic search for %s: %s", movie, outcome.message)
    from indexers.search.outcomes import remember  # the movie page shows the last outcome

    remember(movie.pk, outcome.message, getattr(outcome.grabbed, "source_title", ""))
    return outcome


def queue_movie_search(
    movie_id: int, source: str = AUTOMATIC, *, user_id: int | None = None
) -> None:
    """Run `automatic_search` for the movie as a background task once the current
    transaction commits (so the task sees the movie a request has just saved)."""

    def enqueue() -> None:
        from django_q.tasks import async_task

        async_task(
            "indexers.tasks.search_movie",
            movie_id,
            source,
            user_id,
            group="Movie search",
            task_name=f"Movie search {movie_id} ({source})",
        )

    # robust: a broker that cannot take the task is logged, never breaks the caller.
    transaction.on_commit(enqueue, robust=True)
