"""Household requests: "Request a movie" (TMDB search, one Request button per result) and
the Requests page (own requests; admins see everyone's and approve or decline them).

The rules (quota, duplicates, approval) live in movies.requesting behind movies.services;
these views parse the request, call a service and render.
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.cache import patch_vary_headers
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_htmx.http import HttpResponseClientRedirect

from movies import services
from movies.models import QualityProfile, RootFolder
from movies.models.requests import OPEN_STATUSES, MovieRequest, RequestStatus
from movies.views.add import lookup
from radarr_site.accounts.decorators import admin_required
from radarr_site.accounts.roles import is_admin

PAGE_SIZE = 50
ADD_REQUEST = "movies.add_movierequest"
# Movie states that change on their own: the page polls while a row shows one.
MOVING_STATES = {"Searching", "Downloading"}


class ApproveForm(forms.Form):
    """What an approval adds the movie with; empty means the requester's defaults."""

    quality_profile = forms.ModelChoiceField(QualityProfile.objects.all(), required=False)
    root_folder = forms.ModelChoiceField(RootFolder.objects.all(), required=False)


# --- Request a movie ------------------------------------------------------------------


def _quota(user) -> object | None:
    """The user's quota, or None when they have no limit (admins, a 0 limit)."""
    if is_admin(user):
        return None
    quota = services.quota_for(user)
    return quota if quota.limit else None


def _mark_requested(results, user) -> list[dict]:
    """Each result with the open request for it, if any (one query for the page)."""
    ids = [r.tmdb_id for r in results]
    open_requests = {
        req.tmdb_id: req
        for req in MovieRequest.objects.filter(tmdb_id__in=ids, status__in=OPEN_STATUSES)
    }
    admin = is_admin(user)
    rows = []
    for r in results:
        req = open_requests.get(r.tmdb_id)
        # Another member's request stays theirs: say it exists, link only to your own.
        visible = req is not None and (admin or req.requested_by_id == user.pk)
        rows.append({"r": r, "open_request": req, "request_visible": visible})
    return rows


def _search_context(request: HttpRequest, term: str) -> dict:
    try:
        page = max(1, int(request.GET.get("page", "1")))
    except ValueError:
        page = 1
    found = lookup(term, page)
    results = found.get("results")
    context = {
        "q": term,
        "error": found.get("error", ""),
        "results": results,
        "rows": [],
        "quota": _quota(request.user),
    }
    if results is not None:
        context["rows"] = _mark_requested(results.results, request.user)
    return context


@require_http_methods(["GET", "POST"])
def request_new(request: HttpRequest) -> HttpResponse:
    """The "Request a movie" page; POST asks for one result (its form posts here)."""
    if not request.user.has_perm(ADD_REQUEST):
        raise PermissionDenied("You may not request movies.")
    if request.method == "POST":
        return _request_posted(request)
    term = request.GET.get("q", "")[:200]
    return render(request, "movies/request_new.html", _search_context(request, term))


@require_GET
def request_search(request: HttpRequest) -> HttpResponse:
    """The results fragment the search box swaps in; a plain GET goes to the whole page."""
    if not request.user.has_perm(ADD_REQUEST):
        raise PermissionDenied("You may not request movies.")
    if not request.htmx:
        query = request.GET.urlencode()
        response = redirect(reverse("movies:request_new") + (f"?{query}" if query else ""))
    else:
        term = request.GET.get("q", "")[:200]
        response = render(
            request, "movies/partials/request_results.html", _search_context(request, term)
        )
    patch_vary_headers(response, ["HX-Request"])
    return response


def _request_posted(request: HttpRequest) -> HttpResponse:
    term = request.POST.get("q", "")[:200]
    note = request.POST.get("note", "")[:500]
    try:
        tmdb_id = int(request.POST.get("tmdb_id", ""))
    except ValueError:
        tmdb_id = 0
    refusal = None
    created = None
    if tmdb_id <= 0:
        refusal = services.RequestRefused("Choose a movie from the search results.")
    else:
        try:
            created = services.request_movie(request.user, tmdb_id, note)
        except services.RequestRefused as exc:
            refusal = exc
    if request.htmx:
        context = {
            "tmdb_id": tmdb_id,
            "q": term,
            "note": note,
            "refusal": refusal,
            "created": created,
            "quota": _quota(request.user),
            "quota_oob": True,
            "duplicate": _duplicate(refusal),
        }
        return render(request, "movies/partials/request_action.html", context)
    if created is not None:
        messages.success(request, _created_message(created))
        return redirect(reverse("movies:requests") + f"#request-{created.pk}")
    context = _search_context(request, term)
    context["page_refusal"] = refusal
    return render(request, "movies/request_new.html", context)


def _duplicate(refusal) -> str:
    """ "library" / "requested" for a duplicate refusal, shown with the badge the search
    results give what exists instead of a Request button that cannot work; else ""."""
    if isinstance(refusal, services.AlreadyInLibrary):
        return "library"
    return "requested" if isinstance(refusal, services.AlreadyRequested) else ""


def _created_message(req: MovieRequest) -> str:
    if req.status == RequestStatus.APPROVED:
        return f"Requested {req.title}: approved at once, it is being added and searched for."
    if req.status == RequestStatus.FAILED:
        return f"Requested {req.title}, but it could not be added: {req.failure_reason}"
    if req.status == RequestStatus.AVAILABLE:
        return f"Requested {req.title}: it is already available."
    return f"Requested {req.title}. An admin will look at it soon."


# --- The Requests page ------------------------------------------------------------------


def _rows(requests: list[MovieRequest], user) -> list[dict]:
    """The table's rows: each request with its movie's state and, for admins, the profile
    and root folder an approval would use (the same few queries however many requesters)."""
    states = services.request_states(requests, viewer=user)
    base = services.image_base()
    admin = is_admin(user)
    actionable = [
        req
        for req in requests
        if admin and req.status in (RequestStatus.PENDING, RequestStatus.FAILED)
    ]
    defaults_for = {req.pk for req in actionable}
    defaults = (
        services.requests_defaults({req.requested_by_id for req in actionable})
        if actionable
        else {}
    )
    rows = []
    for req in requests:
        state = states.get(req.pk)
        row = {
            "req": req,
            "state": state,
            "moving": state is not None and state.label in MOVING_STATES,
            "poster": services.poster_url(req.poster_path, size="w92", base=base),
            "actionable": req.pk in defaults_for,
        }
        if row["actionable"]:
            profile, folder = defaults[req.requested_by_id]
            row["default_profile"] = profile.pk if profile else None
            row["default_folder"] = folder.pk if folder else None
        rows.append(row)
    return rows


def _choices(user) -> dict:
    if not is_admin(user):
        return {}
    return {
        "profiles": list(QualityProfile.objects.only("id", "name").order_by("name")),
        "root_folders": list(RootFolder.objects.order_by("path")),
    }


def _moving_ids(rows: list[dict]) -> list[int]:
    return [row["req"].pk for row in rows if row["moving"]]


def _list_context(request: HttpRequest, queryset) -> dict:
    user = request.user
    admin = is_admin(user)
    status = request.GET.get("status", "")
    if status in RequestStatus.values:
        queryset = queryset.filter(status=status)
    requester = request.GET.get("requester", "")
    if admin and requester.isdigit():
        queryset = queryset.filter(requested_by_id=int(requester))
    page = Paginator(
        queryset.select_related("requested_by", "decided_by", "movie"), PAGE_SIZE
    ).get_page(request.GET.get("page"))
    rows = _rows(list(page.object_list), user)
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "rows": rows,
        "page_obj": page,
        "query": query.urlencode(),
        "statuses": RequestStatus.choices,
        "status": status,
        "requester": requester,
        "moving_ids": _moving_ids(rows),
        "here": request.get_full_path(),
        **_choices(user),
    }
    if admin:
        context["requesters"] = (
            MovieRequest.objects.order_by("requested_by__username")
            .values_list("requested_by_id", "requested_by__username")
            .distinct()
        )
    return context


def _announce(request: HttpRequest) -> list[MovieRequest]:
    """The requester's changes not yet seen, shown once: they are marked seen now."""
    changes = list(services.unseen_changes(request.user))
    if changes:
        services.mark_seen(request.user, [req.pk for req in changes])
    return changes


@require_GET
def requests_page(request: HttpRequest) -> HttpResponse:
    """Own requests (admins: everyone's, filtered by status and requester)."""
    context = _list_context(request, services.requests_visible_to(request.user))
    context["announcements"] = _announce(request)
    return render(request, "movies/requests.html", context)


@require_GET
def request_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """One request on the Requests page; another member's request is a 404."""
    get_object_or_404(services.requests_visible_to(request.user), pk=pk)
    context = _list_context(request, services.requests_visible_to(request.user).filter(pk=pk))
    context["single"] = True
    context["announcements"] = _announce(request)
    return render(request, "movies/requests.html", context)


@require_GET
def requests_poll(request: HttpRequest) -> HttpResponse:
    """The polled status cells of the given rows (swapped out of band), and the poller.

    With `self=1` (a row swapped in after an approval polls on its own, as the page's
    poller does not know it) the cells carry their own polling and the page's poller is
    left alone."""
    ids = [int(i) for i in request.GET.get("ids", "").split(",") if i.strip().isdigit()][:PAGE_SIZE]
    requests = list(
        services.requests_visible_to(request.user).filter(pk__in=ids).select_related("movie")
    )
    states = services.request_states(requests, viewer=request.user)
    rows = []
    for req in requests:
        state = states.get(req.pk)
        rows.append(
            {"req": req, "state": state, "moving": bool(state and state.label in MOVING_STATES)}
        )
    context = {
        "rows": rows,
        "moving_ids": _moving_ids(rows),
        "own_poll": request.GET.get("self") == "1",
    }
    return render(request, "movies/partials/request_states.html", context)


# --- Admin actions ----------------------------------------------------------------------


def _back(request: HttpRequest) -> HttpResponse:
    """Back to the Requests page the form was posted from (a local URL only)."""
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        target = reverse("movies:requests")
    return redirect(target)


def _row_response(request: HttpRequest, req: MovieRequest, notice: str, ok: bool) -> HttpResponse:
    """HTMX: the row again, with what happened; without JS: a message and the page."""
    if request.htmx:
        req.refresh_from_db()
        row = _rows([req], request.user)[0]
        row["notice"], row["notice_ok"] = notice, ok
        row["own_poll"] = True  # the page's poller does not know this row's new state
        context = {"row": row, "next": request.POST.get("next", ""), **_choices(request.user)}
        return render(request, "movies/partials/request_row.html", context)
    (messages.success if ok else messages.error)(request, notice)
    return _back(request)


@admin_required
@require_POST
def request_approve(request: HttpRequest, pk: int) -> HttpResponse:
    """Approve one request with the chosen profile and root folder, and start its search."""
    req = get_object_or_404(MovieRequest.objects.select_related("requested_by"), pk=pk)
    form = ApproveForm(request.POST)
    if not form.is_valid():
        return _row_response(request, req, "Choose a quality profile and root folder.", False)
    try:
        services.approve_request(
            req,
            request.user,
            quality_profile=form.cleaned_data["quality_profile"],
            root_folder=form.cleaned_data["root_folder"],
        )
    except services.RequestRefused as exc:
        return _row_response(request, req, exc.message, False)
    if req.status == RequestStatus.FAILED:
        if request.htmx:  # the row's status cell gives the reason: say it once
            return _row_response(request, req, f"Could not add {req.title}.", False)
        return _row_response(
            request, req, f"Could not add {req.title}: {req.failure_reason}", False
        )
    return _row_response(request, req, f"Approved {req.title}: added and searching.", True)


@admin_required
@require_POST
def request_decline(request: HttpRequest, pk: int) -> HttpResponse:
    """Decline one request with an optional reason the requester sees."""
    req = get_object_or_404(MovieRequest.objects.select_related("requested_by"), pk=pk)
    try:
        services.decline_request(req, request.user, request.POST.get("reason", "")[:500])
    except services.RequestRefused as exc:
        return _row_response(request, req, exc.message, False)
    return _row_response(request, req, f"Declined {req.title}.", True)


@admin_required
@require_POST
def requests_bulk(request: HttpRequest) -> HttpResponse:
    """Approve selected / Decline selected (with one reason for all)."""
    ids = [int(i) for i in request.POST.getlist("ids") if i.isdigit()]
    action = request.POST.get("action")
    if action not in ("approve", "decline"):
        raise Http404("No such action.")
    if not ids:
        messages.error(request, "Tick the requests to approve or decline first.")
    else:
        if action == "approve":
            result = services.approve_requests(ids, request.user)
            verb = "Approved"
        else:
            result = services.decline_requests(
                ids, request.user, request.POST.get("reason", "")[:500]
            )
            verb = "Declined"
        if result.done:
            messages.success(
                request, f"{verb} {result.done} request{'s' if result.done != 1 else ''}."
            )
        for problem in result.problems:
            messages.error(request, problem)
    response = _back(request)
    return HttpResponseClientRedirect(response["Location"]) if request.htmx else response
