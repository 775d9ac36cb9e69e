"""Activity → History for what happens to a movie's files outside a download: a rename
(FILE_RENAMED) and a file deleted from the movie page (FILE_DELETED).

Receivers of radarr_site.events, connected in DownloadsConfig.ready. They run in the
sender's transaction and only write rows.
"""

from __future__ import annotations

import os

from django.dispatch import receiver

from downloads.models import History
from radarr_site import events

# Radarr's delete reasons (deleteReason, as its webhook writes them), as History says them.
_REASONS = {
    "manual": "Deleted by hand",
    "missingfromdisk": "Missing from disk",
    "upgrade": "Replaced by an upgrade",
    "manualoverride": "Replaced by a manual import",
}


@receiver(events.files_renamed, dispatch_uid="history_files_renamed")
def record_files_renamed(sender, movie, renamed, user=None, **kwargs) -> None:
    """One FILE_RENAMED row per file, "old → new"."""
    # filter(), not all(): a movie read with its files prefetched holds the old names.
    files = movie.files.filter(relative_path__in=[new for _old, new in renamed])
    rows = {f.relative_path: f for f in files}
    for old, new in renamed:
        row = rows.get(new)
        History.objects.create(
            movie=movie,
            event=History.Event.FILE_RENAMED,
            source_title=((row.scene_name if row else "") or new)[:500],
            quality_id=row.quality_id if row else 0,
            quality_version=row.quality_version if row else 1,
            message=f"{old} → {new}"[:1000],
            data={"old": old, "new": new, "path": os.path.join(movie.path, new)},
            user=user,
        )


@receiver(events.movie_file_deleted, dispatch_uid="history_movie_file_deleted")
def record_movie_file_deleted(sender, movie, movie_file, reason, user=None, **kwargs) -> None:
    """A FILE_DELETED row saying why and which file."""
    said = _REASONS.get(reason.lower(), reason)
    History.objects.create(
        movie=movie,
        event=History.Event.FILE_DELETED,
        source_title=(movie_file.get("scene_name") or movie_file["relative_path"])[:500],
        quality_id=movie_file.get("quality_id", 0),
        quality_version=movie_file.get("quality_version", 1),
        message=f"{said}: {movie_file['path']}"[:1000],
        data={"reason": reason, "path": movie_file["path"]},
        user=user,
    )
