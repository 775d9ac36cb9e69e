"""RSS sync: every RSS-enabled indexer's newest items, the new ones matched to monitored
movies, decided, and the best accepted release per movie grabbed.

Indexers are read one after another, each within its own client's timeouts, so a slow
one delays the sync by at most its timeout and a broken one only fails its own report.
A sync run twice, or by two workers at once, never processes an item twice: items are
claimed through SeenRelease's conditional insert (indexers.rss.seen), and the grab's own
unique reservation backs that up.

A claim only means "decided": the claims of a movie's releases that could not be grabbed
for a reason of ours (no download client, a client down, a .torrent that would not
fetch, a crash while judging) are released after the sync, so the next sync considers
them again; items the rules rejected, or that lost to a grabbed one, stay seen.
"""

from __future__ import annotations

import logging
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import datetime

from django.utils import timezone

from downloads.services import AlreadyGrabbed, GrabError, NoClient
from indexers.grabbing import IndexerFacts, grab_release, judge, queue_for
from indexers.models import Indexer, IndexerOptions, RssSyncReport
from indexers.release import Release
from indexers.rss.index import MovieIndex
from indexers.rss.seen import claim_new, release_claims, seen_key
from radarr_site.http.errors import IntegrationError
from radarr_site.providers import tracked

log = logging.getLogger(__name__)

MAX_ATTEMPTS = 3  # grabs tried per movie per sync before giving up until the next one


@dataclass
class _Tally:
    """One indexer's part of the sync while it runs (saved as its RssSyncReport)."""

    report: RssSyncReport
    rejections: Counter = field(default_factory=Counter)
    notes: list[str] = field(default_factory=list)

    def note(self, message: str) -> None:
        if message not in self.notes:
            self.notes.append(message)

    def save(self) -> RssSyncReport:
        report = self.report
        report.rejections = dict(sorted(self.rejections.items()))
        report.error = "; ".join(self.notes)[:5000]
        report.finished_at = timezone.now()
        report.save()
        return report


def rss_sync(*, now: datetime | None = None) -> list[RssSyncReport]:
    """Sync every RSS-enabled indexer once; one saved report per indexer asked.

    Does nothing (returns []) when RSS sync is switched off (interval 0). `now` pins the
    reports' start and every date the decision rules read.
    """
    if IndexerOptions.load().rss_sync_interval_minutes == 0:
        return []
    now = now or timezone.now()
    tallies: dict[int, _Tally] = {}
    by_movie: defaultdict[int, list[Release]] = defaultdict(list)
    index: MovieIndex | None = None
    retry: list[Release] = []  # claimed but not grabbed through no fault of the items
    try:
        for row in Indexer.objects.filter(enable_rss=True).order_by("priority", "name"):
            tally = tallies[row.pk] = _Tally(RssSyncReport(indexer=row, started_at=now))
            fresh = _new_items(row, tally, now)
            if fresh and index is None:
                index = MovieIndex.build()  # once per sync, only when there is news
            for release, parsed in fresh:
                movie_id = index.match(release, parsed) if index else None
                if movie_id is not None:
                    tally.report.matched += 1
                    by_movie[movie_id].append(release)
        try:
            _decide_and_grab(by_movie, tallies, now, retry)
        except BaseException:
            # Whatever was matched is handed back whole: nothing was grabbed for sure
            # except what a grab's own reservation remembers (AlreadyGrabbed next time).
            retry = [release for releases in by_movie.values() for release in releases]
            raise
    finally:
        _release(retry)
        reports = [tally.save() for tally in tallies.values()]
    log.info(
        "RSS sync: %d indexer(s), %d new item(s), %d matched, %d grabbed",
        len(reports),
        sum(r.new_items for r in reports),
        sum(r.matched for r in reports),
        sum(r.grabbed for r in reports),
    )
    return reports


def _new_items(row: Indexer, tally: _Tally, now: datetime) -> list[tuple[Release, object]]:
    """The indexer's feed items no earlier sync claimed, each with its parse."""
    from movies.services import parse_release

    try:
        with tracked(row.provider_key, row.name, respect_hold=True):
            releases = row.client().recent()
    except IntegrationError as error:  # recorded on its status by tracked (or held off)
        tally.note(str(error))
        return []
    except Exception as error:  # a client bug must not stop the other indexers
        log.exception("%s: RSS feed failed", row.name)
        tally.note(f"Unexpected error: {error}")
        return []
    for release in releases:
        release.indexer_id = release.indexer_id or row.pk
        release.indexer = release.indexer or row.name
    tally.report.items = len(releases)
    keyed = {seen_key(release): release for release in releases}
    claimed = claim_new(row.pk, keyed, now)
    fresh = [release for key, release in keyed.items() if key in claimed]
    tally.report.new_items = len(fresh)
    return [(release, parse_release(release.title)) for release in fresh]


def _release(releases: list[Release]) -> None:
    """Hand back the claims of releases to reconsider at the next sync."""
    if not releases:
        return
    try:
        count = release_claims((release.indexer_id, seen_key(release)) for release in releases)
    except Exception:  # the sync's reports must still be saved
        log.exception("RSS sync: could not release the claims of %d item(s)", len(releases))
        return
    log.info("RSS sync: %d item(s) not grabbed will be considered again next sync", count)


def _decide_and_grab(
    by_movie: dict[int, list[Release]],
    tallies: dict[int, _Tally],
    now: datetime,
    retry: list[Release],
) -> None:
    """Judge each matched movie's new releases together; grab its best accepted one.

    A grab that fails moves on to the movie's next accepted release, as Radarr does;
    once a protocol has no usable download client, its releases are not tried again
    this sync (the reason is noted on the report of each indexer that had one). The
    releases to consider again next sync are appended to `retry`.
    """
    if not by_movie:
        return
    from movies.models import Movie

    movies = Movie.objects.select_related("quality_profile").in_bulk(list(by_movie))
    facts = IndexerFacts.load()
    queues = queue_for(list(movies))
    blocked: dict[str, str] = {}  # protocol → why it cannot be grabbed this sync
    for movie_id, releases in by_movie.items():
        movie = movies.get(movie_id)
        if movie is None:  # deleted since the index was built
            continue
        try:
            decisions = judge(
                movie, releases, facts=facts, queue=queues.get(movie_id, []), rss=True, now=now
            )
        except Exception:  # one movie's bad data must not stop the others
            log.exception("RSS sync: deciding releases for %s failed", movie)
            retry.extend(releases)
            continue
        for decision in decisions:
            tally = tallies.get(decision.release.indexer_id)
            if tally is not None:
                tally.rejections.update(rejection.rule for rejection in decision.rejections)
        accepted = [d for d in decisions if d.accepted]
        if not _grab_best(movie, accepted, tallies, blocked):
            # Nothing grabbed because of us (client, .torrent, crash): every accepted
            # release stays a candidate for the next sync.
            retry.extend(decision.release for decision in accepted)


def _grab_best(movie, accepted: list, tallies: dict[int, _Tally], blocked: dict) -> bool:
    """Grab the first of the movie's accepted releases (best first) that goes through.

    True when the movie is settled (grabbed now, already downloading, or nothing was
    accepted); False when accepted releases were left ungrabbed by failures.
    """
    if not accepted:
        return True
    attempts = 0
    for decision in accepted:
        release = decision.release
        tally = tallies.get(release.indexer_id) or _Tally(RssSyncReport())
        if release.protocol in blocked:
            tally.note(blocked[release.protocol])
            continue
        if attempts == MAX_ATTEMPTS:
            return False
        attempts += 1
        try:
            grab_release(movie, decision, source="rss")
        except AlreadyGrabbed:  # already downloading (maybe another worker's grab)
            return True
        except NoClient as error:
            blocked[release.protocol] = f"Not grabbed: {error}"
            tally.note(blocked[release.protocol])
        except (GrabError, IntegrationError) as error:
            # The .torrent would not fetch, or every client of the protocol failed:
            # not knowing which, try the movie's next release (a few at most).
            tally.note(f"Not grabbed: {release.title}: {error}")
        except Exception as error:  # a client bug must not stop the other movies
            log.exception("RSS sync: grabbing %s for %s failed", release.title, movie)
            tally.note(f"Not grabbed: {release.title}: unexpected error: {error}")
        else:
            tally.report.grabbed += 1
            return True
    return False
