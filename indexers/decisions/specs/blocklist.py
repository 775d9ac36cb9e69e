"""Not blocklisted: a release that failed before (or that a user blocked) is not tried again.

Matching follows Radarr's blocklist: a torrent by its info hash when it has one, else by
title and indexer; a usenet post by title and publish date, or by title, publish date
(within two minutes) and size (within 2 MB) when another indexer carries the same post.
"""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING

from indexers.decisions.specs.base import (
    RELEASE,
    Decision,
    DecisionContext,
    MovieFacts,
    Rejection,
    Rule,
)
from indexers.release import TORRENT, USENET, Release

if TYPE_CHECKING:
    from downloads.services import BlocklistEntry

_DATE_SLACK = timedelta(minutes=2)
_SIZE_SLACK = 2 * 1024 * 1024


def _same_indexer(entry: BlocklistEntry, release: Release) -> bool:
    # An entry that does not name its indexer counts for every indexer, as in Radarr.
    return not entry.indexer or entry.indexer.lower() == release.indexer.lower()


def _same_post(entry: BlocklistEntry, release: Release) -> bool:
    """A usenet entry of the same title: is it this post?"""
    blocked, published = entry.publish_date, release.publish_date
    if blocked is not None and published is not None and blocked == published:
        return True
    if blocked is None or published is None:
        # Entries from before publish dates were stored, and indexers that give none:
        # fall back to the torrent rule (title and indexer).
        return _same_indexer(entry, release)
    # Another indexer carrying the same post: near-equal date and size.
    return (
        not _same_indexer(entry, release)
        and abs(blocked - published) <= _DATE_SLACK
        and (not entry.size or abs(entry.size - release.size) <= _SIZE_SLACK)
    )


def blocking_entry(release: Release, context: DecisionContext) -> BlocklistEntry | None:
    """The blocklist entry that holds this release, if any."""
    index = context.blocklist_index
    if release.protocol == TORRENT and release.info_hash:
        # The hash names the content exactly: whatever the title, a match is this torrent
        # and a different hash is a different torrent.
        return next(iter(index.get(("hash", release.info_hash.lower()), ())), None)
    same_title = index.get(("title", release.title.lower()), ())
    for entry in same_title:
        if entry.protocol and entry.protocol != release.protocol:
            continue
        if release.protocol == USENET:
            if _same_post(entry, release):
                return entry
        elif _same_indexer(entry, release):
            return entry
    return None


class NotBlocklisted(Rule):
    """Rejects a release the movie's blocklist holds (see the module for the matching)."""

    name = "blocklist"
    label = "Blocklisted"
    priority = RELEASE

    def applies(self, movie: MovieFacts, context: DecisionContext) -> bool:
        return bool(context.blocklist)

    def evaluate(
        self, decision: Decision, movie: MovieFacts, context: DecisionContext
    ) -> Rejection | None:
        entry = blocking_entry(decision.release, context)
        if entry is None:
            return None
        when = entry.date.strftime("%Y-%m-%d") if entry.date else "an unknown date"
        why = f": {entry.message}" if entry.message else ""
        return self.reject(f"Blocklisted on {when}{why}")
