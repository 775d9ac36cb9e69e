"""Completed download handling: find the finished video file, confirm it, import it.

`import_completed(download)` is called by the queue poller for a Download it has claimed
in state IMPORTING (by a conditional update). It finds the video file(s) in the output
path (after remote path mapping; samples and extras ignored), which must lie inside the
client's download folder (`save_folder`: never merely the folder holding the output;
none known refuses the import), parses and confirms them
against `download.movie`, checks the file is new or an upgrade, imports it through
movies.services, and records the outcome: state IMPORTED (with a History event) or
IMPORT_BLOCKED with the reason in `status_message` (and an import-failed History event).
Removing the item from the client afterwards is the caller's job (it knows the seed
goals). `import_path` is the same import for a file the user picked (Manual Import).
"""

from __future__ import annotations

import logging
import os
from collections import defaultdict
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone

from downloads.models import Download, History, RemotePathMapping
from downloads.paths import (
    NO_FOLDER,
    FoundFiles,
    Mapping,
    UnsafePath,
    check_client_path,
    download_folder,
    map_remote_path,
    video_files,
)
from movies import services as movies
from movies.services import COPY, HARDLINK, MOVE, ImportFailed, clean_title
from radarr_site import events

log = logging.getLogger(__name__)
S = Download.State


@dataclass
class ImportResult:
    """What one import attempt did: imported file ids, or why nothing was imported."""

    imported: bool
    reason: str = ""  # why not (shown in the queue), "" when imported
    movie_file_ids: list[int] = field(default_factory=list)
    paths: list[str] = field(default_factory=list)  # library paths of imported files


def _mappings(client_id: int | None) -> list[Mapping]:
    return [
        Mapping(m.remote_path, m.local_path)
        for m in RemotePathMapping.objects.filter(client_id=client_id)
    ]


def save_folder(download: Download, mappings: list[Mapping] | None = None) -> str:
    """The local download folder the download's files must stay inside; UnsafePath when
    there is none. The client's own folder for the item (Download.save_path) when it said
    one, else the client's configured Directory; both mapped through remote path mappings."""
    if mappings is None:
        mappings = _mappings(download.client_id)
    remote = download.save_path
    if not remote and download.client_id:
        remote = str((download.client.options or {}).get("download_dir") or "")
    if not remote:
        raise UnsafePath(NO_FOLDER)
    check_client_path(remote)
    return download_folder(map_remote_path(remote, mappings))


def local_output(download: Download) -> tuple[str, str]:
    """(download folder, output path) as this machine sees them; UnsafePath when refused.

    The output must lie strictly inside the download folder (save_folder): the folder
    itself would make every file of every download a candidate."""
    check_client_path(download.output_path)
    mappings = _mappings(download.client_id)
    folder = save_folder(download, mappings)
    output = os.path.normpath(map_remote_path(download.output_path, mappings))
    if output == folder:
        raise UnsafePath(f"The client's output path is its download folder {folder} itself.")
    return folder, output


def find_files(download: Download) -> FoundFiles:
    """The download's video files (largest first), samples and extras set aside."""
    folder, output = local_output(download)
    return video_files(folder, output)


def _names_movie(parsed, movie) -> bool:
    if parsed.tmdb_id and parsed.tmdb_id != movie.tmdb_id:
        return False
    if parsed.imdb_id and movie.imdb_id and parsed.imdb_id != movie.imdb_id:
        return False
    if parsed.tmdb_id or (parsed.imdb_id and parsed.imdb_id == movie.imdb_id):
        return True
    titles = [movie.title, movie.original_title, *(movie.alternative_titles or [])]
    known = {clean_title(t) for t in titles if isinstance(t, str) and t}
    if not ({clean_title(t) for t in parsed.titles or [parsed.title]} & known):
        return False
    return not (parsed.year and movie.year and abs(parsed.year - movie.year) > 1)


def match_problem(download: Download, source: str, parsed) -> str:
    """Why the file is not this download's movie ("" when it is). A file name without a
    title (hashed, obfuscated) counts as the release it came in, which was matched at grab."""
    movie = download.movie
    if parsed.title:
        if _names_movie(parsed, movie):
            return ""
        return f"{os.path.basename(source)} names another movie ({parsed.title}), not {movie}."
    release = movies.parse_release(download.source_title)
    if release.title and _names_movie(release, movie):
        return ""
    return f"Neither {os.path.basename(source)} nor the release title names {movie}."


def _mode(download: Download | None) -> str:
    if download is not None and download.protocol == "usenet":
        return MOVE  # the usenet client keeps nothing to seed
    return HARDLINK if movies.use_hardlinks() else COPY


def _block(download: Download, reason: str) -> ImportResult:
    Download.objects.filter(pk=download.pk, state=S.IMPORTING).update(
        state=S.IMPORT_BLOCKED, status_message=reason[:1000]
    )
    download.state, download.status_message = S.IMPORT_BLOCKED, reason[:1000]
    History.record(download, History.Event.IMPORT_FAILED, reason)
    log.info("Import of %s blocked: %s", download, reason)
    return ImportResult(False, reason)


def upgrade_problem(download: Download | None, movie, source: str, parsed, score: int) -> str:
    """Why importing this file would not improve on the movie's file ("" when it would).

    A file this same download already imported (a re-run after a crash) is not compared
    with itself; the same release imported by an earlier download is (a re-grab at equal
    quality is "Not an upgrade")."""
    if (
        download is not None
        and movie.files.filter(original_path=source, date_added__gte=download.grabbed_at).exists()
    ):
        return ""
    quality = parsed.quality
    return movies.upgrade_problem(movie, quality.quality_id, quality.version, score)


def _record_replaced(download: Download | None, movie, before: dict, path: str, user) -> list:
    """A FILE_DELETED event naming each file the import replaced (recycled or deleted);
    returns those files as the file_imported event describes them."""
    still = set(movie.files.filter(pk__in=before).values_list("pk", flat=True))
    replaced = []
    for pk, file in before.items():
        if pk in still:
            continue
        relative, quality_name = file.relative_path, file.quality_name
        old = os.path.join(movie.path, relative)
        replaced.append(_deleted_file(file, old))
        History.objects.create(
            movie=movie,
            download=download,
            event=History.Event.FILE_DELETED,
            source_title=relative[:500],
            client_name=download.client.name if download and download.client_id else "",
            message=f"Replaced {old} ({quality_name}) by {path}"[:1000],
            data={"replaced": old, "quality": quality_name, "by": path},
            user=user,
        )
    return replaced


def _deleted_file(file, path: str) -> dict:
    """A replaced file as the file_imported event carries it (the row is gone)."""
    return {
        "relative_path": file.relative_path,
        "path": path,
        "quality_id": file.quality_id,
        "quality_version": file.quality_version,
        "size": file.size,
        "release_group": file.release_group,
        "scene_name": file.scene_name,
        "date_added": file.date_added,
    }


def _remove_empty_job_folder(download: Download, source: str) -> None:
    """After a move, the usenet job's folder goes when it is now empty and strictly inside
    the download folder (never the download folder itself, never outside it)."""
    job = os.path.dirname(source)
    try:
        folder = os.path.realpath(save_folder(download))
        real = os.path.realpath(job)
        if real == folder or not real.startswith(folder.rstrip(os.sep) + os.sep):
            return
        if os.path.isdir(job) and not os.path.islink(job) and not os.listdir(job):
            os.rmdir(job)
    except (UnsafePath, OSError) as exc:
        log.info("Left the job folder %s in place: %s", job, exc)


def import_path(
    download: Download | None,
    movie,
    source: str,
    *,
    parsed=None,
    quality_id: int | None = None,
    check_upgrade: bool = True,
    user=None,
) -> ImportResult:
    """Import one file for `movie` (parsed facts, quality override), record it on the
    download (IMPORTED + history) when there is one; raises ImportFailed."""
    parsed = parsed or movies.parse_path(source)
    if quality_id is not None and quality_id != parsed.quality.quality_id:
        parsed.quality.quality_id, parsed.quality.version = quality_id, 1
    if not parsed.quality.quality_id and download is not None:
        parsed.quality.quality_id = download.quality_id
        parsed.quality.version = download.quality_version
    score = download.format_score if download is not None else 0

    def upgrade_check() -> None:
        # Run under the movie's import lock, against the files no other import is changing.
        # This download's own earlier import of the file is not compared with itself (a
        # re-run after a crash); the same release grabbed again is (not an upgrade).
        if problem := upgrade_problem(download, movie, source, parsed, score):
            raise ImportFailed(problem)

    if check_upgrade:
        upgrade_check()  # before the import, whose re-run shortcut would accept a re-grab
    before = {f.pk: f for f in movie.files.all()}
    scene_name = download.source_title if download is not None else ""
    row = movies.import_movie_file(
        movie,
        source,
        mode=_mode(download),
        parsed=parsed,
        scene_name=scene_name,
        check=upgrade_check if check_upgrade else None,
    )
    path = os.path.join(movie.path, row.relative_path)
    replaced = _record_replaced(download, movie, before, path, user)
    if download is not None and _mode(download) == MOVE:
        _remove_empty_job_folder(download, source)
    # One transaction: a crash cannot leave the download IMPORTED without its History row
    # or its notifications (listeners write outbox rows in savepoints, never raising).
    data = {"source": source, "path": path, "mode": row.media_info.get("import_mode", "")}
    with transaction.atomic():
        if download is not None:
            Download.objects.filter(
                pk=download.pk, state__in=[S.IMPORTING, S.IMPORT_BLOCKED]
            ).update(state=S.IMPORTED, imported_at=timezone.now(), status_message="")
            download.state = S.IMPORTED
            History.record(
                download, History.Event.IMPORTED, f"Imported to {path}", data=data, user=user
            )
        else:  # a manual import of a file no download of ours fetched
            History.objects.create(
                movie=movie,
                event=History.Event.IMPORTED,
                source_title=os.path.basename(source)[:500],
                quality_id=row.quality_id,
                quality_version=row.quality_version,
                message=f"Imported to {path}"[:1000],
                data=data,
                user=user,
            )
        events.file_imported.send_robust(
            sender=Download,
            movie=movie,
            movie_file=row,
            download=download,
            is_upgrade=bool(replaced),
            deleted_files=replaced,
            source_path=source,
        )
    return ImportResult(True, movie_file_ids=[row.pk], paths=[path])


def import_completed(download: Download) -> ImportResult:
    """Import a completed download (state IMPORTING); sets IMPORTED or IMPORT_BLOCKED."""
    movie = download.movie
    if movie is None:
        return _block(download, "Not matched to a movie: choose one in Manual Import.")
    try:
        found = find_files(download)
    except UnsafePath as exc:
        return _block(download, f"Refused: {exc}")
    if not found.videos:
        if found.skipped:
            return _block(download, f"Only samples or extras found: {', '.join(found.skipped)}.")
        return _block(download, f"No video file found in {download.output_path}.")
    source = found.videos[0]
    parsed = movies.parse_path(source)
    if problem := match_problem(download, source, parsed):
        return _block(download, problem)
    try:
        return import_path(download, movie, source, parsed=parsed)
    except ImportFailed as exc:
        return _block(download, str(exc))


# --- Manual Import: files the user picks (downloads.views_manual) ---


def download_folders() -> list[str]:
    """Local folders the user may import from by path: the same folders that bound the
    automatic import (each client's configured Directory, each active download's folder
    in its client), never a folder that merely holds an output path."""
    from downloads.models import DownloadClient

    by_client: dict[int | None, list[Mapping]] = defaultdict(list)
    for m in RemotePathMapping.objects.all():
        by_client[m.client_id].append(Mapping(m.remote_path, m.local_path))
    remotes = {
        (client.pk, str(client.options["download_dir"]))
        for client in DownloadClient.objects.only("pk", "options")
        if (client.options or {}).get("download_dir")
    }
    active = Download.objects.filter(state__in=Download.ACTIVE_STATES).exclude(save_path="")
    remotes |= set(active.values_list("client_id", "save_path").distinct())
    folders: set[str] = set()
    for client_id, remote in remotes:
        try:
            check_client_path(remote)
            folders.add(download_folder(map_remote_path(remote, by_client[client_id])))
        except UnsafePath:
            continue
    return sorted(folders)


def folder_files(path: str) -> tuple[str, FoundFiles]:
    """(download folder, files) for a path the user typed; UnsafePath unless it lies
    inside one of `download_folders()`."""
    if not path or not os.path.isabs(path) or any(p == ".." for p in path.split(os.sep)):
        raise UnsafePath("Enter an absolute path inside a download folder.")
    for folder in download_folders():
        try:
            video_files(folder, folder)  # the folder itself must not be a link out
        except UnsafePath:
            continue
        real_folder = os.path.realpath(folder)
        real = os.path.realpath(path)
        if real == real_folder or real.startswith(real_folder.rstrip(os.sep) + os.sep):
            return folder, video_files(folder, path)
    raise UnsafePath(f"{path} is not inside a download folder.")


def manual_upgrade_problem(download: Download | None, movie, source: str, quality_id: int) -> str:
    """Why a file the user picked, at the quality they chose, would not improve on the
    movie's file ("" when it would); shown on Manual Import's confirm step."""
    parsed = movies.parse_path(source)
    if quality_id != parsed.quality.quality_id:
        parsed.quality.quality_id, parsed.quality.version = quality_id, 1
    score = download.format_score if download is not None else 0
    return upgrade_problem(download, movie, source, parsed, score)


def import_manual(
    download: Download | None, movie, source: str, quality_id: int, user=None
) -> ImportResult:
    """Import a file the user matched by hand; the upgrade check is the user's call.

    A download is claimed (IMPORT_BLOCKED or COMPLETED → IMPORTING) first, so a poller
    running at the same moment does not import it too; on failure it is blocked again.
    """
    if download is not None:
        # The claim time tells the poller this import is alive (a stale claim is retried).
        now = timezone.now()
        claimed = Download.objects.filter(
            pk=download.pk, state__in=[S.IMPORT_BLOCKED, S.COMPLETED]
        ).update(state=S.IMPORTING, movie=movie, import_started_at=now)
        if not claimed:
            return ImportResult(False, "This download is not waiting for an import.")
        download.state, download.movie, download.import_started_at = S.IMPORTING, movie, now
    try:
        return import_path(
            download, movie, source, quality_id=quality_id, check_upgrade=False, user=user
        )
    except ImportFailed as exc:
        if download is not None:
            return _block(download, str(exc))
        return ImportResult(False, str(exc))
