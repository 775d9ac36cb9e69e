"""Settings → Indexers (admins only): the list with each indexer's state, capabilities and
last RSS sync; add / edit / delete; the Test button (HTMX, on the unsaved form); refreshing
capabilities; and importing a Prowlarr's indexers.

Save tests the indexer first, as Radarr does: a working one is saved with its capabilities
(and any hold-off cleared); a failing one comes back with the problems and a "Save anyway"
button (a second POST with save_anyway=1), which saves it with the problems kept on its
status so the list shows them.
"""

from __future__ import annotations

import logging
import secrets

from django.contrib import messages
from django.core import signing
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from indexers import services
from indexers.checks import (
    IndexerTestReport,
    capability_words,
    check_indexer,
    forget_provider_status,
    hide_key,
    indexer_state,
    keep_test_result,
    reset_provider_status,
    sync_provider_status,
)
from indexers.clients import KINDS
from indexers.clients.base import Capabilities
from indexers.forms import CONNECTION_FIELDS, KIND_OPTIONS, IndexerForm
from indexers.models import Indexer
from radarr_site.accounts.decorators import admin_required
from radarr_site.http.errors import IntegrationError
from radarr_site.models import ProviderStatus

log = logging.getLogger(__name__)


def kind_choices() -> list[tuple[str, str]]:
    """Every registered kind, read now (tests register fake kinds after import)."""
    return [(kind, label) for kind, (label, _, _) in KINDS.items()]


@admin_required
def indexers(request: HttpRequest) -> HttpResponse:
    """Every indexer with its switches, state, capabilities and last RSS sync."""
    rows = list(Indexer.objects.all())
    statuses = {
        s.key: s for s in ProviderStatus.objects.filter(key__in=[r.provider_key for r in rows])
    }
    reports = services.last_sync_reports()
    listing = [
        {
            "row": row,
            "state": indexer_state(statuses.get(row.provider_key)),
            "search_by": capability_words(Capabilities.from_dict(row.capabilities)),
            "sync": reports.get(row.pk),
            "sync_failed": _feed_failed(reports.get(row.pk)),
        }
        for row in rows
    ]
    return render(request, "settings/indexers.html", {"listing": listing, "kinds": kind_choices()})


def _feed_failed(report) -> bool:
    """Did the sync fail to read the feed? A feed that failed is the report's only note;
    notes about grabs ("Not grabbed: …") come from a feed that was read."""
    return bool(report and report.error and not report.error.startswith("Not grabbed"))


def _caps_context(row: Indexer) -> dict:
    """What the capabilities card (settings/partials/indexer_caps.html) shows."""
    caps = Capabilities.from_dict(row.capabilities)
    return {
        "row": row,
        "caps": caps,
        "search_by": capability_words(caps),
        "movie_params": sorted(caps.movie_params) if caps else [],
    }


def _edit_context(form: IndexerForm, **extra) -> dict:
    row = form.instance
    context = {"form": form, "row": row, "kind_label": form.kind_label}
    if row.pk:
        context.update(_caps_context(row))
        status = ProviderStatus.objects.filter(key=row.provider_key).first()
        context["state"] = indexer_state(status)
    return {**context, **extra}


# "Save anyway": the first Save's problems travel signed (not secret: they are on the page);
# a key typed with it waits in the session, since a write-only field is never sent back.
ANYWAY_SALT = "indexers.save-anyway"
KEY_STASH = "indexer_save_anyway_key"


def _posted(request: HttpRequest):
    """The POST data; a "Save anyway" with the key field empty gets back the key typed
    with the first Save (kept in the session, never in the page)."""
    if request.method != "POST":
        return None
    stash = request.session.pop(KEY_STASH, None)
    data = request.POST
    if request.POST.get("save_anyway") and not request.POST.get("api_key") and stash:
        token = _unsign(request.POST.get("anyway_token", ""))
        if token and token.get("nonce") == stash.get("nonce"):
            data = request.POST.copy()
            data["api_key"] = stash["api_key"]
    return data


def _unsign(token: str) -> dict | None:
    try:
        value = signing.loads(token, salt=ANYWAY_SALT, max_age=3600)
    except signing.BadSignature:
        return None
    return value if isinstance(value, dict) else None


def _save_tested(request: HttpRequest, form: IndexerForm) -> Indexer | HttpResponse:
    """Save a valid form once its Test passes (or when the user says "Save anyway"); a
    failed Test returns the page with the problems instead."""
    changed = not _connection_unchanged(form)
    if request.POST.get("save_anyway"):
        token = _unsign(request.POST.get("anyway_token", "")) or {}
        problems = [str(p) for p in token.get("problems") or []]
        report = IndexerTestReport(problems=problems, error_kind=str(token.get("kind") or ""))
    else:
        report = check_indexer(form.instance, store=False)
        if not report.ok:
            nonce = secrets.token_urlsafe(12)
            typed = (request.POST.get("api_key") or "").strip()
            if typed and "api_key" in form.fields:
                request.session[KEY_STASH] = {"nonce": nonce, "api_key": typed}
            payload = {"problems": report.problems, "kind": report.error_kind, "nonce": nonce}
            token = signing.dumps(payload, salt=ANYWAY_SALT)
            context = _edit_context(form, save_failed=report, anyway_token=token)
            return render(request, "settings/indexer_edit.html", context, status=400)
    row = form.save()
    if changed:
        reset_provider_status(row)  # new settings: the old ones' failures and hold go
    else:
        sync_provider_status(row)
    keep_test_result(row, report)
    for warning in report.warnings:  # it works, with something to fix
        messages.warning(request, warning)
    return row


@admin_required
def indexer_add(request: HttpRequest) -> HttpResponse:
    """Choose a kind (?kind=), then fill in its form."""
    kind = request.POST.get("kind") or request.GET.get("kind", "")
    if kind not in KINDS:
        return render(request, "settings/indexer_edit.html", {"choose_kind": kind_choices()})
    form = IndexerForm(_posted(request), kind=kind)
    if request.method == "POST" and form.is_valid():
        saved = _save_tested(request, form)
        if isinstance(saved, HttpResponse):
            return saved
        messages.success(request, f"Indexer {saved.name} added.")
        return redirect("settings:indexer_edit", pk=saved.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "settings/indexer_edit.html", _edit_context(form), status=status)


@admin_required
def indexer_edit(request: HttpRequest, pk: int) -> HttpResponse:
    row = get_object_or_404(Indexer, pk=pk)
    if row.kind not in KINDS:
        messages.error(request, f"{row.name} is of a kind this version does not know.")
        return redirect("settings:indexers")
    form = IndexerForm(_posted(request), instance=row)
    if request.method == "POST" and form.is_valid():
        saved = _save_tested(request, form)
        if isinstance(saved, HttpResponse):
            return saved
        messages.success(request, f"Indexer {saved.name} saved.")
        return redirect("settings:indexers")
    status = 400 if request.method == "POST" else 200
    return render(request, "settings/indexer_edit.html", _edit_context(form), status=status)


@admin_required
def indexer_delete(request: HttpRequest, pk: int) -> HttpResponse:
    """GET asks for confirmation; POST deletes (grabbed downloads keep their history)."""
    row = get_object_or_404(Indexer, pk=pk)
    if request.method != "POST":
        return render(request, "settings/indexer_edit.html", {"confirm_delete": row})
    forget_provider_status(row)
    row.delete()
    messages.success(request, f"Indexer {row.name} deleted.")
    return redirect("settings:indexers")


def _connection_unchanged(form: IndexerForm) -> bool:
    """Does the form test the indexer as stored? Only then may the Test keep what it
    learns (capabilities, provider status) on the saved indexer."""
    row = form.instance
    if row.pk is None:
        return False
    stored = Indexer.objects.filter(pk=row.pk).first()
    if stored is None:
        return False
    same = all(getattr(stored, name) == getattr(row, name) for name in CONNECTION_FIELDS)
    return same and _set_options(stored.options) == _set_options(row.options)


def _set_options(options: dict | None) -> dict:
    # An option never saved and one saved empty (no codec ticked) mean the same.
    return {key: value for key, value in (options or {}).items() if value not in ("", [], None)}


@admin_required
@require_POST
def indexer_test(request: HttpRequest) -> HttpResponse:
    """Test the values in the form as they are now, saved or not; the form is not saved.

    A stored API key left empty in the form is used, as saving would."""
    pk = request.POST.get("pk")
    row = get_object_or_404(Indexer, pk=pk) if pk else None
    kind = request.POST.get("kind", "")
    if (row.kind if row else kind) not in KINDS:
        report = IndexerTestReport(problems=["Choose a kind of indexer first."])
        context = {"report": report, "label": "Indexer", "field_errors": []}
        return render(request, "settings/partials/indexer_test.html", context)
    form = IndexerForm(request.POST, instance=row, kind=kind)
    valid = form.is_valid()
    caps_card = None
    field_errors = [
        f"{form.fields[name].label or name if name in form.fields else 'Form'}: {error}"
        for name, errors in form.errors.items()
        for error in errors
    ]
    connection = ("__all__", *CONNECTION_FIELDS, *KIND_OPTIONS.get(form.kind, {}))
    if valid or not any(name in form.errors for name in connection):
        # Errors only in fields the connection does not use (a name already taken) are
        # shown beside the result; the connection is still tested.
        stored = _connection_unchanged(form)
        report = check_indexer(form.instance, store=stored)
        if stored and report.capabilities is not None and request.htmx:
            # The card on the page shows what this Test just stored (out-of-band swap).
            caps_card = _caps_context(Indexer.objects.get(pk=row.pk))
    else:
        report = IndexerTestReport(problems=field_errors)
        field_errors = []
    context = {"report": report, "field_errors": field_errors, "label": form.kind_label}
    if request.htmx:
        if caps_card is not None:
            context.update(caps_card, caps_card_oob=True)
        return render(request, "settings/partials/indexer_test.html", context)
    # Without JavaScript the whole page comes back, the form as typed and the result below.
    return render(request, "settings/indexer_edit.html", _edit_context(form, test_result=context))


@admin_required
@require_POST
def indexer_caps(request: HttpRequest, pk: int) -> HttpResponse:
    """Fetch the indexer's capabilities again and store them."""
    row = get_object_or_404(Indexer, pk=pk)
    try:
        caps = services.refresh_capabilities(row)
    except IntegrationError as error:
        messages.error(request, f"Capabilities not refreshed: {error.message}")
    else:
        words = capability_words(caps)
        count = len(caps.category_ids())
        messages.success(request, f"Capabilities refreshed: {count} categories, search by {words}.")
    return redirect("settings:indexer_edit", pk=row.pk)


@admin_required
@require_POST
def indexer_import_prowlarr(request: HttpRequest, pk: int) -> HttpResponse:
    """Create one of our indexers per indexer of this Prowlarr; report created / skipped."""
    row = get_object_or_404(Indexer, pk=pk, kind="prowlarr")
    try:
        result = services.import_from_prowlarr(row)
    except IntegrationError as error:
        hide_key(error, row.config())
        messages.error(request, f"Import from Prowlarr failed: {error.message}")
        return redirect("settings:indexer_edit", pk=row.pk)
    except ValueError as error:  # the import's own refusal, worded for a user
        messages.error(request, f"Import from Prowlarr failed: {error}")
        return redirect("settings:indexer_edit", pk=row.pk)
    created = list(result.created)
    for new_row in Indexer.objects.filter(name__in=created):
        sync_provider_status(new_row)
    if created:
        messages.success(request, f"Imported from Prowlarr: {', '.join(created)}.")
    else:
        messages.info(request, "Nothing imported: Prowlarr has no indexer that is new here.")
    if result.skipped:
        skipped = "; ".join(f"{name} ({why})" for name, why in result.skipped)
        messages.info(request, f"Skipped: {skipped}.")
    return redirect("settings:indexers")
