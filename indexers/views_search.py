"""Searching from the movie page (admins): automatic search, the interactive search table
(sortable on the server, each row with a signed Grab form), and grabbing one release.

A release reaches the Grab view only as a payload signed here (salt "release", valid 30
minutes): the browser never supplies release data we would trust. The release is judged
again when grabbed, so a rejected one asks for confirmation with today's reasons.
"""

from __future__ import annotations

import logging
from dataclasses import asdict, dataclass, fields
from datetime import UTC, datetime
from typing import Any

from django.contrib import messages
from django.core import signing
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_POST

from downloads.services import GrabError
from indexers import services
from indexers.release import IndexerFlags, Release
from movies.models import Movie
from radarr_site.accounts.decorators import admin_required
from radarr_site.http import IntegrationError

log = logging.getLogger(__name__)

SALT = "release"
MAX_AGE = 30 * 60  # seconds a Grab button stays valid
CACHE_SECONDS = 10 * 60  # sorting reuses the last search instead of asking the indexers again
_RELEASE_FIELDS = {f.name for f in fields(Release)}


# -- the signed release --------------------------------------------------------------------


def sign_release(release: Release) -> str:
    """The release's fields, signed, for a Grab form."""
    data = asdict(release)
    if release.publish_date is not None:
        data["publish_date"] = release.publish_date.isoformat()
    return signing.dumps(data, salt=SALT, compress=True)


def unsign_release(payload: str) -> Release:
    """The release a Grab form carried; raises signing.BadSignature (also when expired or
    not a release)."""
    data = signing.loads(payload, salt=SALT, max_age=MAX_AGE)
    if not isinstance(data, dict) or not data.get("title") or set(data) - _RELEASE_FIELDS:
        raise signing.BadSignature("Not a release.")
    if data.get("publish_date"):
        data["publish_date"] = datetime.fromisoformat(data["publish_date"])
    return Release(**data)


# -- the results table ---------------------------------------------------------------------


@dataclass
class ReleaseRow:
    """One decision as the table shows it."""

    decision: Any
    position: int  # the engine's order
    rank: int | None  # accepted ones, best first
    payload: str
    age_hours: float | None

    @property
    def release(self) -> Release:
        return self.decision.release

    @property
    def flags(self) -> list[str]:
        bits = IndexerFlags(self.release.indexer_flags or 0)
        return [flag.name.replace("_", " ").title() for flag in IndexerFlags if flag in bits]

    @property
    def languages(self) -> list[str]:
        return [lang.title() for lang in self.decision.parsed.languages]

    @property
    def format_names(self) -> list[str]:
        return [getattr(f, "name", str(f)) for f in self.decision.custom_formats]

    @property
    def age(self) -> str:
        if self.age_hours is None:
            return "—"
        if self.age_hours < 24:
            hours = int(self.age_hours)
            return f"{hours} hour{'' if hours == 1 else 's'}"
        days = int(self.age_hours // 24)
        return f"{days} day{'' if days == 1 else 's'}"


def _rows(decisions: list[Any], now: datetime) -> list[ReleaseRow]:
    rows, rank = [], 0
    for position, decision in enumerate(decisions):
        if decision.accepted:
            rank += 1
        rows.append(
            ReleaseRow(
                decision=decision,
                position=position,
                rank=rank if decision.accepted else None,
                payload=sign_release(decision.release),
                age_hours=decision.release.age_hours_at(now),
            )
        )
    return rows


# Column → (label, key). A None key sorts last whichever the direction.
SORTS = {
    "rank": ("Decision", lambda r: r.position),
    "title": ("Title", lambda r: r.release.title.lower()),
    "quality": (
        "Quality",
        lambda r: (r.decision.quality.quality.weight, r.decision.quality.version),
    ),
    "score": ("Score", lambda r: r.decision.format_score),
    "size": ("Size", lambda r: r.release.size),
    "age": ("Age", lambda r: r.age_hours),
    "seeders": ("Seeders", lambda r: r.release.seeders),
    "peers": ("Peers", lambda r: r.release.peers),
    "indexer": ("Indexer", lambda r: r.release.indexer.lower()),
    "language": ("Language", lambda r: ", ".join(r.languages).lower() or None),
}


def sort_rows(rows: list[ReleaseRow], key: str, descending: bool) -> list[ReleaseRow]:
    """Rows sorted by one column; unknown values (no seeders, no date) always go last."""
    get = SORTS.get(key, SORTS["rank"])[1]
    known = [r for r in rows if get(r) is not None]
    unknown = [r for r in rows if get(r) is None]
    return sorted(known, key=get, reverse=descending) + unknown


def _sort_links(current: str, descending: bool) -> dict[str, dict]:
    links = {}
    for key, (label, _) in SORTS.items():
        flip = key == current and not descending
        arrow = ("▼" if descending else "▲") if key == current else ""
        links[key] = {
            "label": label,
            "query": f"sort={key}&dir={'desc' if flip else 'asc'}",
            "arrow": arrow,
        }
    return links


def _cache_key(movie: Movie, request: HttpRequest) -> str:
    return f"indexers:interactive:{movie.pk}:{request.user.pk}"


def _search(movie: Movie, request: HttpRequest, reuse: bool) -> Any:
    """The movie's interactive search: the last one (for a re-sort) or a new one."""
    key = _cache_key(movie, request)
    if reuse:
        found = cache.get(key)
        if found is not None:
            return found
    result = services.search_movie(movie, interactive=True)
    try:
        cache.set(key, result, CACHE_SECONDS)
    except Exception:  # something in the result does not pickle: sorting searches again
        log.warning("Interactive search of %s could not be cached", movie, exc_info=True)
    return result


# -- views ---------------------------------------------------------------------------------


def _movie(pk: int) -> Movie:
    return get_object_or_404(Movie.objects.select_related("quality_profile"), pk=pk)


@admin_required
@require_GET
def interactive(request: HttpRequest, pk: int) -> HttpResponse:
    """Every release the indexers return for the movie, with its decision. HTMX loads the
    table into the movie page; without JS it is a page of its own."""
    movie = _movie(pk)
    key = request.GET.get("sort", "rank")
    key = key if key in SORTS else "rank"
    descending = request.GET.get("dir") == "desc"
    result = _search(movie, request, reuse="sort" in request.GET)
    rows = sort_rows(_rows(list(result.decisions), datetime.now(UTC)), key, descending)
    context = {
        "movie": movie,
        "result": result,
        "rows": rows,
        "accepted": sum(1 for r in rows if r.rank),
        "sort": key,
        "sort_links": _sort_links(key, descending),
    }
    if request.htmx:
        return render(request, "indexers/partials/release_table.html", context)
    return render(request, "indexers/interactive.html", context)


@admin_required
@require_POST
def grab(request: HttpRequest, pk: int) -> HttpResponse:
    """Grab the signed release; a rejected one first shows its reasons and asks again."""
    movie = _movie(pk)
    payload = request.POST.get("payload", "")
    try:
        release = unsign_release(payload)
    except signing.BadSignature:  # also SignatureExpired
        return HttpResponseBadRequest(
            "This release's data was altered or is older than 30 minutes; search again."
        )
    decision = services.judge(movie, [release])[0]
    context: dict[str, Any] = {"movie": movie, "release": release, "payload": payload}
    if not decision.accepted and request.POST.get("confirm") != "1":
        context["reasons"] = decision.reasons
    else:
        try:
            download = services.grab_release(
                movie, decision, user=request.user, source="interactive"
            )
        except (GrabError, IntegrationError) as exc:
            context["error"] = getattr(exc, "message", None) or str(exc)
        else:
            context["download"] = download
            context["client_name"] = download.client.name if download.client_id else ""
    template = "indexers/partials/grab_result.html" if request.htmx else "indexers/grab.html"
    return render(request, template, context)


@admin_required
@require_POST
def automatic(request: HttpRequest, pk: int) -> HttpResponse:
    """Search now and grab the best accepted release (synchronously: the indexers'
    timeouts bound the wait)."""
    movie = _movie(pk)
    context: dict[str, Any] = {"movie": movie}
    try:
        outcome = services.automatic_search(movie, user=request.user, source="user")
    except (GrabError, IntegrationError) as exc:
        context["error"] = getattr(exc, "message", None) or str(exc)
    else:
        context["outcome"] = outcome
    if request.htmx:
        return render(request, "indexers/partials/automatic_result.html", context)
    if "error" in context:
        messages.error(request, f"Search for {movie} failed: {context['error']}")
    elif outcome.grabbed is not None:
        messages.success(request, outcome.message)
    else:
        messages.info(request, outcome.message)
    return redirect("movies:detail", pk=pk)
