"""Library import pages: choose a root folder, scan it, adjust the matches, import.

Thin: movies.imports does the work. Every page works without JavaScript (forms post,
the progress page offers a reload link); HTMX polls the progress and swaps single rows.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.cache import patch_vary_headers
from django.views.decorators.http import require_GET, require_POST

from movies import imports
from movies.models import QualityProfile, RootFolder, ScannedFolder
from movies.models.movie import MinimumAvailability
from radarr_site import progress
from radarr_site.accounts.decorators import admin_required
from radarr_site.http import IntegrationError


def _page_url(root: RootFolder) -> str:
    return f"{reverse('movies:import')}?root={root.pk}"


def _chosen_root(value: str | None, roots: list[RootFolder]) -> RootFolder | None:
    by_id = {str(root.pk): root for root in roots}
    return by_id.get(value or "") or (roots[0] if roots else None)


def _scan_context(root: RootFolder | None, request: HttpRequest | None = None) -> dict:
    if root is None:
        return {"root": None}
    scan = imports.scan_of(root)
    scanning = scan.state == scan.SCANNING
    last_import = progress.get(imports.import_progress_name(root))
    if last_import and scan.started_at and last_import.started_at < scan.started_at:
        last_import = None  # an import of an earlier scan's rows
    return {
        "root": root,
        "scan": scan,
        "progress": progress.get(imports.scan_progress_name(root)) if scanning else last_import,
        "last_import": last_import,
        # How the last scan ended ("Scanned 12 folders: 9 matched."), from its record.
        "last_scan": None if scan.busy else progress.get(imports.scan_progress_name(root)),
        "proposals": None if scan.busy else _proposals(scan, request),
        "profiles": list(QualityProfile.objects.only("id", "name")),
        "availabilities": MinimumAvailability.choices,
    }


def _proposals(scan, request: HttpRequest | None) -> imports.Proposals:
    query = request.GET if request is not None else {}
    return imports.proposals(scan, query.get("page", 1), query.get("other", 1))


@admin_required
@require_GET
def import_page(request: HttpRequest) -> HttpResponse:
    """The Library Import page for one root folder (?root=), its last scan and matches."""
    roots = list(RootFolder.objects.all())
    root = _chosen_root(request.GET.get("root"), roots)
    context = {"roots": roots, **_scan_context(root, request)}
    return render(request, "movies/import.html", context)


@admin_required
@require_GET
def import_status(request: HttpRequest, root_id: int) -> HttpResponse:
    """The scan area alone, polled by HTMX every 2 s while a scan or import runs."""
    root = get_object_or_404(RootFolder, pk=root_id)
    if not request.htmx:
        response = redirect(_page_url(root))
    else:
        response = render(request, "movies/partials/import_scan.html", _scan_context(root))
    patch_vary_headers(response, ["HX-Request"])
    return response


@admin_required
@require_POST
def import_scan(request: HttpRequest) -> HttpResponse:
    """Start a scan of the posted root folder (refused while one of it runs)."""
    root = get_object_or_404(RootFolder, pk=request.POST.get("root") or 0)
    # No "Scanning…" flash: the page shows the scan record's state (running, done or
    # failed), which stays true after the scan ends where a flash would not.
    if not imports.start_scan(root, user=request.user):
        messages.error(request, f"{root.path} is already being scanned or imported.")
    return redirect(_page_url(root))


@admin_required
@require_GET
def import_search(request: HttpRequest, pk: int) -> HttpResponse:
    """TMDB results to pick a folder's movie from: a fragment for HTMX, else a page."""
    from movies.views.add import lookup

    row = get_object_or_404(ScannedFolder.objects.select_related("scan__root_folder"), pk=pk)
    default = f"{row.parsed_title} {row.parsed_year or ''}".strip()
    term = request.GET.get("q", default)[:200]
    context = {"row": row, "q": term, **lookup(term)}
    if request.htmx:
        return render(request, "movies/partials/import_search.html", context)
    return render(request, "movies/import_folder.html", context)


@admin_required
@require_POST
def import_match(request: HttpRequest, pk: int) -> HttpResponse:
    """Make the posted TMDB id the folder's movie; HTMX gets the updated row back."""
    row = get_object_or_404(ScannedFolder.objects.select_related("scan__root_folder"), pk=pk)
    root = row.scan.root_folder
    error = ""
    try:
        tmdb_id = int(request.POST.get("tmdb_id", ""))
        imports.choose_match(row, tmdb_id)
    except ValueError:
        error = "Pick a movie from the results."
    except imports.CannotChange as exc:
        error = str(exc)
    except IntegrationError as exc:
        error = exc.message
    if request.htmx:
        # A newer scan may have replaced the row: show the stale one with the error then.
        fresh = ScannedFolder.objects.filter(pk=row.pk).first()
        row = fresh or row
        imports.annotate_rows(row.scan, [imports.with_poster(row)])
        context = {"row": row, "error": error, "root": root}
        return render(request, "movies/partials/import_row.html", context)
    if error:
        messages.error(request, error)
    return redirect(_page_url(root))


def _ids(request: HttpRequest, name: str) -> list[int]:
    return [int(v) for v in request.POST.getlist(name) if v.isdigit()]


def _flag(request: HttpRequest, name: str) -> bool:
    return request.POST.get(name) in ("on", "true", "1")


@admin_required
@require_POST
def import_run(request: HttpRequest) -> HttpResponse:
    """Import the ticked folders with the chosen options (a task when there are many)."""
    root = get_object_or_404(RootFolder, pk=request.POST.get("root") or 0)
    if request.POST.get("tick") in ("all", "none"):
        # The no-JS select all / none: every matched row of the scan, on every page.
        imports.tick_all(root, request.POST["tick"] == "all")
        return redirect(_page_url(root))
    profile = QualityProfile.objects.filter(pk=request.POST.get("quality_profile") or 0).first()
    availability = request.POST.get("minimum_availability", "")
    ids = _ids(request, "folders")
    # The page's rows: ticks are saved for these, ticks on other pages are kept.
    shown = _ids(request, "shown") if "shown" in request.POST else None
    if profile is None or availability not in MinimumAvailability.values:
        messages.error(request, "Choose a quality profile and a minimum availability.")
        return redirect(_page_url(root))
    outcome = imports.import_selected(
        root,
        ids,
        quality_profile=profile,
        monitored=_flag(request, "monitored"),
        minimum_availability=availability,
        user=request.user,
        shown=shown,
    )
    for movie in outcome.conflicts:
        messages.error(
            request,
            f"{movie} was not imported: two ticked folders point at it. Untick or re-match"
            " one of them, then import again.",
        )
    if outcome.nothing:
        messages.error(request, "Tick at least one folder to import.")
    elif outcome.refused:
        messages.error(request, f"{root.path} is being scanned or imported; wait for it.")
    elif outcome.queued or not outcome.folders:
        pass  # a running import shows its progress on the page; a flash would outlive it
    else:
        counts = outcome.counts
        text = f"Imported {counts['imported']} movie(s)."
        if counts["in_library"] or counts["failed"]:
            text += (
                f" {counts['in_library']} already in the library, {counts['failed']} failed"
                " (see their rows)."
            )
        messages.success(request, text)
    return redirect(_page_url(root))
