"""Searching from the movie page (admins): automatic search, the interactive search table
(sortable on the server, each row with a Grab form), and grabbing one release.

The releases stay on the server: an interactive search is kept in the cache (file based,
so every process sees it) under a search id for CACHE_SECONDS, and a Grab form carries
only a signed reference (salt "release-ref": search id, row, the release's guid, movie)
— never the download link, which holds the indexer's API key or passkey. The release is
judged again when grabbed, so a rejected one asks for confirmation first.
"""

from __future__ import annotations

import logging
import re
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from django.contrib import messages
from django.core import signing
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from downloads.services import GrabError
from indexers import services
from indexers.release import IndexerFlags, Release
from movies.models import Movie
from radarr_site.accounts.decorators import admin_required
from radarr_site.http import IntegrationError
from radarr_site.models import ProviderStatus
from radarr_site.sorting import sort_links

log = logging.getLogger(__name__)

SALT = "release-ref"
CACHE_SECONDS = 30 * 60  # a search's results (and so its Grab buttons) stay this long
MAX_AGE = CACHE_SECONDS
EXPIRED = "These results have expired; search again."
# Radarr takes a release that names no language as English.
DEFAULT_LANGUAGE = "English"


# -- the signed reference ------------------------------------------------------------------


def sign_reference(search_id: str, position: int, release: Release, movie_id: int) -> str:
    """What a Grab form posts: which row of which cached search, for which movie."""
    data = {"s": search_id, "r": position, "g": release.guid or release.title, "m": movie_id}
    return signing.dumps(data, salt=SALT)


def read_reference(token: str) -> dict:
    """The reference a Grab form carried; raises signing.SignatureExpired when older than
    MAX_AGE, signing.BadSignature when altered or not a reference."""
    data = signing.loads(token, salt=SALT, max_age=MAX_AGE)
    if not isinstance(data, dict) or set(data) != {"s", "r", "g", "m"}:
        raise signing.BadSignature("Not a release reference.")
    return data


# -- the results table ---------------------------------------------------------------------


@dataclass
class ReleaseRow:
    """One decision as the table shows it."""

    decision: Any
    position: int  # the engine's order
    rank: int | None  # accepted ones, best first
    payload: str  # the signed reference its Grab form posts
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
        found = [lang.title() for lang in self.decision.parsed.languages]
        return found or [DEFAULT_LANGUAGE]

    @property
    def group(self) -> str:
        return self.decision.parsed.release_group or ""

    @property
    def reputation(self) -> Any:
        """The group's verdict (scenegroups) when the group is scored, else None."""
        return getattr(self.decision, "reputation", None)

    @property
    def reputation_score(self) -> int | None:
        """The score as shown: a whole number rounded down, as the rejection words it."""
        return int(self.reputation.score) if self.reputation else None

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


def _rows(decisions: list[Any], search_id: str, movie_id: int, now: datetime) -> list[ReleaseRow]:
    rows, rank = [], 0
    for position, decision in enumerate(decisions):
        if decision.accepted:
            rank += 1
        rows.append(
            ReleaseRow(
                decision=decision,
                position=position,
                rank=rank if decision.accepted else None,
                payload=sign_reference(search_id, position, decision.release, movie_id),
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
    # By the group's reputation; groups without a score last.
    "group": ("Group", lambda r: r.reputation.score if r.reputation else None),
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


@dataclass(frozen=True)
class OutcomeLine:
    """How one indexer answered, as one line above the table."""

    name: str
    text: str
    badge: str = ""  # "warn" / "err" for a held-off or failed indexer
    note: str = ""


def outcome_lines(outcomes: list[Any]) -> list[OutcomeLine]:
    """One line per indexer; a held-off one says until when and its last error."""
    held = [o for o in outcomes if o.held]
    last_errors = dict(
        ProviderStatus.objects.filter(
            key__in=[f"indexer:{o.indexer_id}" for o in held]
        ).values_list("key", "last_error")
    )
    lines = []
    for o in outcomes:
        if o.held:
            text = f"{o.error or 'held off'} after failures"
            last_error = last_errors.get(f"indexer:{o.indexer_id}", "")
            if last_error:
                text += f" ({last_error})"
            lines.append(OutcomeLine(o.name, text, "warn", o.note))
        elif o.error:
            lines.append(OutcomeLine(o.name, o.error, "err", o.note))
        else:
            text = f"{o.count} release{'' if o.count == 1 else 's'} in {o.elapsed_ms} ms"
            lines.append(OutcomeLine(o.name, text, "", o.note))
    return lines


def _latest_key(movie: Movie, request: HttpRequest) -> str:
    return f"indexers:interactive:{movie.pk}:{request.user.pk}"


def _result_key(search_id: str) -> str:
    return f"indexers:interactive-result:{search_id}"


def _search(movie: Movie, request: HttpRequest, reuse: bool) -> tuple[str, Any]:
    """The movie's interactive search and its id: the last one (for a re-sort) or a new
    one, kept in the cache for the Grab buttons."""
    latest = _latest_key(movie, request)
    if reuse:
        search_id = cache.get(latest)
        found = cache.get(_result_key(search_id)) if search_id else None
        if found is not None:
            return search_id, found
    result = services.search_movie(movie, interactive=True)
    search_id = uuid.uuid4().hex
    try:
        cache.set(_result_key(search_id), result, CACHE_SECONDS)
        cache.set(latest, search_id, CACHE_SECONDS)
    except Exception:  # something in the result does not pickle: Grab says "expired"
        log.warning("Interactive search of %s could not be cached", movie, exc_info=True)
    return search_id, result


def _cached_release(data: dict) -> Release | None:
    """The release a reference points at, while its search is still cached."""
    result = cache.get(_result_key(str(data["s"])))
    position = data["r"]
    if result is None or not isinstance(position, int) or not 0 <= position < len(result.decisions):
        return None
    release = result.decisions[position].release
    return release if (release.guid or release.title) == data["g"] else None


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
    search_id, result = _search(movie, request, reuse="sort" in request.GET)
    now = datetime.now(UTC)
    rows = sort_rows(_rows(list(result.decisions), search_id, movie.pk, now), key, descending)
    context = {
        "movie": movie,
        "result": result,
        "outcome_lines": outcome_lines(list(result.outcomes)),
        "rows": rows,
        "accepted": sum(1 for r in rows if r.rank),
        "sort": key,
        "sort_links": sort_links(SORTS, key, descending),
    }
    if request.htmx:
        return render(request, "indexers/partials/release_table.html", context)
    return render(request, "indexers/interactive.html", context)


def grab_error_text(error: Exception, release: Release) -> str:
    """A failed grab as a sentence; when the indexer's .torrent could not be fetched (the
    error names the indexer, "Alpha (host): not found (HTTP 404)"), it says so."""
    text = getattr(error, "message", None) or str(error)
    name = release.indexer
    if release.protocol == "torrent" and isinstance(error, IntegrationError) and name:
        found = re.match(rf"{re.escape(name)}(?: \([^)]*\))?: (.+)", text, re.DOTALL)
        if found:
            return f"Could not download the .torrent from {name}: {found.group(1)}"
    return text


@admin_required
@require_POST
def grab(request: HttpRequest, pk: int) -> HttpResponse:
    """Grab the referenced release; a rejected one first asks again (its reasons are in
    its row, or listed here on the page of its own); Cancel goes back to the results."""
    movie = _movie(pk)
    token = request.POST.get("payload", "")
    context: dict[str, Any] = {"movie": movie, "payload": token}
    template = "indexers/partials/grab_result.html" if request.htmx else "indexers/grab.html"
    results_url = reverse("movies:search_interactive", args=[pk]) + "?sort=rank"
    try:
        data = read_reference(token)
    except signing.SignatureExpired:
        data = None
    except signing.BadSignature:
        return HttpResponseBadRequest("This Grab button was altered; search again.")
    if data is not None and data["m"] != movie.pk:
        return HttpResponseBadRequest("This Grab button is for another movie.")
    release = _cached_release(data) if data is not None else None
    if release is None:
        context["expired"] = EXPIRED
        return render(request, template, context)
    context["release"] = release
    if request.POST.get("cancel") == "1":
        return render(request, template, context) if request.htmx else redirect(results_url)
    decision = services.judge(movie, [release])[0]
    confirmed = request.POST.get("confirm") == "1"
    if not decision.accepted and not confirmed:
        context["reasons"] = decision.reasons
        return render(request, template, context)
    try:
        download = services.grab_release(movie, decision, user=request.user, source="interactive")
    except (GrabError, IntegrationError) as exc:
        context["error"] = grab_error_text(exc, release)
        context["confirm"] = confirmed  # the retry button skips the question again
    else:
        context["download"] = download
        context["client_name"] = download.client.name if download.client_id else ""
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
