"""Completed download handling: find the finished video file, confirm it, import it.

`import_completed(download)` is called by the queue poller for a Download it has claimed
in state IMPORTING (by a conditional update). It finds the video file(s) in the output
path (after remote path mapping; samples and extras ignored), parses and confirms them
against `download.movie`, checks the file is new or an upgrade, imports it through
movies.services, and records the outcome: state IMPORTED (with a History event) or
IMPORT_BLOCKED with the reason in `status_message` (and an import-failed History event).
Removing the item from the client afterwards is the caller's job (it knows the seed
goals). `import_path` is the same import for a file the user picked (Manual Import).
"""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass, field

from django.utils import timezone

from downloads.models import Download, History, RemotePathMapping
from downloads.paths import (
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

log = logging.getLogger(__name__)
S = Download.State


@dataclass
class ImportResult:
    """What one import attempt did: imported file ids, or why nothing was imported."""

    imported: bool
    reason: str = ""  # why not (shown in the queue), "" when imported
    movie_file_ids: list[int] = field(default_factory=list)
    paths: list[str] = field(default_factory=list)  # library paths of imported files


def local_output(download: Download) -> tuple[str, str]:
    """(download folder, output path) as this machine sees them; UnsafePath when refused.

    The download folder is the client's configured one (options "download_dir") when set,
    else the folder holding the output path; every file must stay inside it.
    """
    check_client_path(download.output_path)
    mappings = [
        Mapping(m.remote_path, m.local_path)
        for m in RemotePathMapping.objects.filter(client_id=download.client_id)
    ]
    output = map_remote_path(download.output_path, mappings)
    save_path = ""
    if download.client_id and (configured := download.client.options.get("download_dir")):
        check_client_path(str(configured))
        save_path = map_remote_path(str(configured), mappings)
    return download_folder(output, save_path), output


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
    from movies.models import MediaManagement

    if download is not None and download.protocol == "usenet":
        return MOVE  # the usenet client keeps nothing to seed
    return HARDLINK if MediaManagement.load().use_hardlinks else COPY


def _block(download: Download, reason: str) -> ImportResult:
    Download.objects.filter(pk=download.pk, state=S.IMPORTING).update(
        state=S.IMPORT_BLOCKED, status_message=reason[:1000]
    )
    download.state, download.status_message = S.IMPORT_BLOCKED, reason[:1000]
    _history(download, History.Event.IMPORT_FAILED, reason)
    log.info("Import of %s blocked: %s", download, reason)
    return ImportResult(False, reason)


def _history(download: Download, event: str, message: str, data=None, user=None) -> None:
    History.objects.create(
        movie_id=download.movie_id,
        download=download,
        event=event,
        source_title=download.source_title[:500],
        quality_id=download.quality_id,
        quality_version=download.quality_version,
        format_score=download.format_score,
        indexer=download.indexer,
        client_name=download.client.name if download.client_id else "",
        protocol=download.protocol,
        message=message[:1000],
        data=data or {},
        user=user,
    )


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
    # A file already imported from this source is not compared with itself (a re-run).
    if check_upgrade and not movie.files.filter(original_path=source).exists():
        score = download.format_score if download is not None else 0
        if problem := movies.upgrade_problem(
            movie, parsed.quality.quality_id, parsed.quality.version, score
        ):
            raise ImportFailed(problem)
    scene_name = download.source_title if download is not None else ""
    row = movies.import_movie_file(
        movie, source, mode=_mode(download), parsed=parsed, scene_name=scene_name
    )
    path = os.path.join(movie.path, row.relative_path)
    if download is not None:
        Download.objects.filter(pk=download.pk, state__in=[S.IMPORTING, S.IMPORT_BLOCKED]).update(
            state=S.IMPORTED, imported_at=timezone.now(), status_message=""
        )
        download.state = S.IMPORTED
        data = {"source": source, "path": path, "mode": row.media_info.get("import_mode", "")}
        _history(download, History.Event.IMPORTED, f"Imported to {path}", data, user)
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
    """Local folders the user may import from by path: each client's configured download
    folder, each remote mapping's local folder, and the folders of active downloads."""
    from downloads.models import DownloadClient

    folders: set[str] = set()
    for mapping in RemotePathMapping.objects.all():
        folders.add(os.path.normpath(mapping.local_path))
    for client in DownloadClient.objects.all():
        if configured := (client.options or {}).get("download_dir"):
            mappings = [Mapping(m.remote_path, m.local_path) for m in client.mappings.all()]
            folders.add(os.path.normpath(map_remote_path(str(configured), mappings)))
    for download in Download.objects.filter(state__in=Download.ACTIVE_STATES).exclude(
        output_path=""
    ):
        try:
            folders.add(local_output(download)[0])
        except UnsafePath:
            continue
    return sorted(f for f in folders if os.path.isabs(f) and f != os.sep)


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


def import_manual(
    download: Download | None, movie, source: str, quality_id: int, user=None
) -> ImportResult:
    """Import a file the user matched by hand; the upgrade check is the user's call.

    A download is claimed (IMPORT_BLOCKED or COMPLETED → IMPORTING) first, so a poller
    running at the same moment does not import it too; on failure it is blocked again.
    """
    if download is not None:
        claimed = Download.objects.filter(
            pk=download.pk, state__in=[S.IMPORT_BLOCKED, S.COMPLETED]
        ).update(state=S.IMPORTING, movie=movie)
        if not claimed:
            return ImportResult(False, "This download is not waiting for an import.")
        download.state, download.movie = S.IMPORTING, movie
    try:
        return import_path(
            download, movie, source, quality_id=quality_id, check_upgrade=False, user=user
        )
    except ImportFailed as exc:
        if download is not None:
            return _block(download, str(exc))
        return ImportResult(False, str(exc))
