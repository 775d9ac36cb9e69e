"""What searches leave behind for the pages: a movie's last automatic search (the add-time
search, a scheduled or wanted one, the Search button) and which Wanted list the wanted
search belongs to.

Both live in the cache (file based in every deployment, so shared by the web and worker
processes): they are hints for a page, never state anything depends on.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.core.cache import cache
from django.utils import timezone

from radarr_site import progress

log = logging.getLogger(__name__)

LAST_SEARCH_SECONDS = 30 * 24 * 3600  # a movie's last search is shown for 30 days
_LAST = "indexers:last-search:{}"
_WANTED_KIND = "indexers:wanted-search-kind"
# The wanted search's own sentences name its list ("Searching 3 missing movie(s)",
# "Searched 2 of 3 cutoff movie(s), …") at its start and end; in between, the kind noted
# when it was queued says.
_KIND_IN_MESSAGE = re.compile(r"\b(missing|cutoff) movie\(s\)")


@dataclass(frozen=True)
class LastSearch:
    """A movie's last automatic search: when, what it said, what it grabbed ("" if none)."""

    when: datetime
    message: str
    grabbed_title: str = ""


def remember(
    movie_id: int, message: str, grabbed_title: str = "", when: datetime | None = None
) -> None:
    """Keep the outcome of a movie's automatic search for its page. Never raises: a cache
    that cannot be written only loses the hint."""
    record = LastSearch(when or timezone.now(), message[:1000], grabbed_title or "")
    try:
        cache.set(_LAST.format(movie_id), record, LAST_SEARCH_SECONDS)
    except Exception:  # a hint for a page must never break a search
        log.warning("Could not keep the last search of movie %s", movie_id, exc_info=True)


def last_search(movie_id: int) -> LastSearch | None:
    """The movie's last automatic search within 30 days, or None."""
    found = cache.get(_LAST.format(movie_id))
    return found if isinstance(found, LastSearch) else None


# -- the wanted search's list -----------------------------------------------------------


def remember_wanted_kind(kind: str) -> None:
    """Note which Wanted list ("missing" / "cutoff") the queued wanted search is for."""
    cache.set(_WANTED_KIND, kind, LAST_SEARCH_SECONDS)


@dataclass(frozen=True)
class WantedProgress:
    """The wanted search as one Wanted page shows it: `record` (its progress) only when the
    search is of that page's list; `running` (any list's) disables the page's buttons;
    `other_kind` names the list a running search of the other page is for."""

    record: Any = None
    running: bool = False
    other_kind: str = ""


def wanted_progress(kind: str) -> WantedProgress:
    """The wanted search's progress for the Wanted page of `kind`."""
    from indexers.search.wanted import PROGRESS_KEY, wanted_search_running

    record = progress.get(PROGRESS_KEY)
    running = wanted_search_running()
    if record is None:
        return WantedProgress(running=running)
    match = _KIND_IN_MESSAGE.search(record.message or "")
    searched = (match.group(1) if match else "") or cache.get(_WANTED_KIND) or kind
    if searched == kind:
        return WantedProgress(record=record, running=running)
    return WantedProgress(running=running, other_kind=searched if running else "")
