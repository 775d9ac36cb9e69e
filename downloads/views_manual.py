"""Activity → Manual Import: choose the movie and quality for files that were not imported.

Lists the files of an import-blocked download, or of a folder the admin types (it must lie
inside a download folder), each with a movie and a quality picker and an Import button.
The posted file is checked against a fresh listing, never trusted as a path.
"""

from __future__ import annotations

import os
from urllib.parse import urlencode

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from downloads import importing
from downloads.models import Download
from downloads.paths import UnsafePath
from downloads.queue import release_stale_import
from movies import services as movie_services
from movies.models import Movie
from movies.services import QUALITIES, clean_title
from radarr_site.accounts.decorators import admin_required

WAITING = [Download.State.IMPORT_BLOCKED, Download.State.COMPLETED]


def _listing(download: Download | None, path: str) -> tuple[list[dict], str]:
    """Rows (path, name, size, sample/extra, parsed guess) and the error, if any."""
    try:
        if download is not None:
            folder, output = importing.local_output(download)
            found = importing.video_files(folder, output)
        else:
            folder, found = importing.folder_files(path)
            output = path
    except UnsafePath as exc:
        return [], str(exc)
    base = output if os.path.isdir(output) else os.path.dirname(output)
    paths = [(p, False) for p in found.videos]
    paths += [(os.path.join(base, rel), True) for rel in found.skipped]
    rows = []
    for full, skipped in paths:
        parsed = movie_services.parse_path(full)
        rows.append(
            {
                "path": full,
                "name": os.path.relpath(full, folder),
                "size": os.path.getsize(full) if os.path.exists(full) else 0,
                "skipped": skipped,
                "parsed": parsed,
                "movies": _candidates(parsed, download),
            }
        )
    return rows, ""


def _candidates(parsed, download: Download | None) -> list[Movie]:
    """Movies the file may be: the download's, and those whose title it names (a few)."""
    found: list[Movie] = []
    if download is not None and download.movie_id:
        found.append(download.movie)
    if parsed.title:
        matches = Movie.objects.filter(clean_title=clean_title(parsed.title))
        found += [m for m in matches[:10] if m not in found]
    return found


@admin_required
def manual_import(request: HttpRequest) -> HttpResponse:
    download_pk = request.POST.get("download") or request.GET.get("download")
    download = None
    if download_pk:
        download = get_object_or_404(
            Download.objects.select_related("movie", "client"), pk=download_pk
        )
        # An import that died mid-way (a killed worker) is handed back to the user here.
        release_stale_import(download)
    path = (request.POST.get("path") or request.GET.get("path") or "").strip()
    rows, error = _listing(download, path) if (download or path) else ([], "")

    if request.method == "POST" and not error:
        return _import(request, download, path, rows)
    blocked = Download.objects.filter(state__in=WAITING).select_related("movie")[:50]
    context = {
        "download": download,
        "path": path,
        "rows": rows,
        "error": error,
        "qualities": QUALITIES,
        "blocked": blocked,
        "folders": importing.download_folders(),
    }
    return render(request, "downloads/manual_import.html", context)


def _import(request: HttpRequest, download: Download | None, path: str, rows) -> HttpResponse:
    query = {"download": download.pk} if download else {"path": path}
    again = reverse("activity:manual_import") + "?" + urlencode(query)
    chosen = request.POST.get("file", "")
    if chosen not in {row["path"] for row in rows}:
        messages.error(request, "That file is not in the listing any more.")
        return redirect(again)
    movie = _chosen_movie(request.POST)
    try:
        quality_id = int(request.POST.get("quality", ""))
    except ValueError:
        quality_id = -1
    if movie is None or quality_id not in {q.id for q in QUALITIES}:
        messages.error(request, "Choose the movie and the quality.")
        return redirect(again)
    problem = importing.manual_upgrade_problem(download, movie, chosen, quality_id)
    if problem and request.POST.get("replace") != "1":
        # The confirm step: a worse (or equal) file replaces the existing one only when
        # the admin ticks the box that names what is replaced.
        existing = ", ".join(f.quality_name for f in movie.files.all()) or "existing"
        context = {
            "download": download,
            "path": path,
            "confirm": {
                "file": chosen,
                "name": os.path.basename(chosen),
                "movie": movie,
                "quality_id": quality_id,
                "problem": problem,
                "existing": existing,
            },
        }
        return render(request, "downloads/manual_import.html", context)
    result = importing.import_manual(download, movie, chosen, quality_id, user=request.user)
    if not result.imported:
        messages.error(request, f"Not imported: {result.reason}")
        return redirect(again)
    messages.success(request, f"Imported {os.path.basename(chosen)} for {movie}.")
    return redirect("activity:queue" if download else again)


def _chosen_movie(data) -> Movie | None:
    """The picked movie, or one named by TMDB id when it is not among the candidates."""
    tmdb = (data.get("tmdb_id") or "").strip()
    if tmdb.isdigit():
        return Movie.objects.filter(tmdb_id=int(tmdb)).first()
    movie_pk = data.get("movie", "")
    return Movie.objects.filter(pk=int(movie_pk)).first() if movie_pk.isdigit() else None
