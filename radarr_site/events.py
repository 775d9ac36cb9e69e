"""The events other tools hear about, as Django signals sent by the app that owns each one.

The apps that act (downloads grabs and imports, movies renames and deletes, the health
check) send these; the mediaservers app listens (connected in its AppConfig.ready) and
turns each into deliveries stored in the same transaction, sent after commit. Senders never
import the listeners, and a listener's failure never undoes the sender's work: listeners
only write rows.

Every signal is sent with plain keyword arguments (ORM objects as they are at that moment):
- release_grabbed: download (downloads.Download, just recorded)
- file_imported: movie, movie_file, download (or None for a manual import), is_upgrade,
  deleted_files (list of dicts: relative_path, path, quality_id, quality_version, size,
  release_group, scene_name, date_added — the files the import replaced), source_path
- files_renamed: movie, renamed (list of (old relative path, new relative path))
- movie_deleted: movie (still readable; its row is deleted in the same transaction), files_deleted
- movie_file_deleted: movie, movie_file (a dict as in deleted_files), reason
- health_issue: issue (radarr_site.health.HealthIssue) newly found
- health_restored: issue no longer found
- request_changed: request (movies.MovieRequest, saved), status (its new status: one of
  movies.models.RequestStatus) — sent when a request becomes available or failed, so the
  requester can be told through the notification connections
"""

from __future__ import annotations

from django.dispatch import Signal

release_grabbed = Signal()
file_imported = Signal()
files_renamed = Signal()
movie_deleted = Signal()
movie_file_deleted = Signal()
health_issue = Signal()
health_restored = Signal()
request_changed = Signal()

ALL = {
    "release_grabbed": release_grabbed,
    "file_imported": file_imported,
    "files_renamed": files_renamed,
    "movie_deleted": movie_deleted,
    "movie_file_deleted": movie_file_deleted,
    "health_issue": health_issue,
    "health_restored": health_restored,
    "request_changed": request_changed,
}
