"""Settings → Connect (admins only): the list of connections with their events, state and
waiting deliveries; add (?kind=) / edit / delete; a media server's path mappings; the last
deliveries of a connection with Retry for those given up."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from mediaservers import services
from mediaservers.clients import KIND_CHOICES, KINDS
from mediaservers.clients.base import MEDIA_SERVER
from mediaservers.forms import EVENT_LABELS, ConnectionForm, PathMappingForm
from mediaservers.models import Connection, Delivery, PathMapping
from radarr_site.accounts.decorators import admin_required
from radarr_site.models import ProviderStatus

RECENT_DELIVERIES = 20
# A change to any of these makes a new connection: the old one's failures and hold go.
CONNECTION_COLUMNS = ("base_url", "api_key", "username", "password", "headers", "options")


@dataclass(frozen=True)
class ConnectionState:
    """A connection's provider status in words: a badge class, its text, the last error."""

    css: str
    text: str
    error: str = ""


def connection_state(status: ProviderStatus | None) -> ConnectionState:
    """OK / failing since … / held off until …, with the last error when failing."""
    if status is None or (status.state == ProviderStatus.CLOSED and not status.last_success_at):
        return ConnectionState("muted", "not used yet")
    if status.state == ProviderStatus.OPEN:
        until = timezone.localtime(status.disabled_until)
        return ConnectionState("err", f"held off until {until:%Y-%m-%d %H:%M}", status.last_error)
    if status.state == ProviderStatus.HALF_OPEN:
        when = status.first_failure_at or status.last_failure_at
        text = f"failing since {timezone.localtime(when):%Y-%m-%d %H:%M}" if when else "failing"
        return ConnectionState("warn", text, status.last_error)
    return ConnectionState("ok", "OK")


def describe_deliveries(
    row: Connection, deliveries: list[Delivery], status: ProviderStatus | None
) -> list[Delivery]:
    """Each delivery with `label` (a scan says its cause: "Scan (Download)") and `waiting`
    (why a pending one past its due time has not gone: the connection is held off)."""
    now = timezone.now()
    held_until = None
    if status is not None and status.state == ProviderStatus.OPEN:
        held_until = timezone.localtime(status.disabled_until)
    for delivery in deliveries:
        reason = (delivery.payload or {}).get("reason") if delivery.event == "Scan" else None
        delivery.label = f"{delivery.event} ({reason})" if reason else delivery.event
        overdue = delivery.state == Delivery.State.PENDING and delivery.due_at <= now
        delivery.waiting = (
            f"waiting: {row.name} held off until {held_until:%H:%M}"
            if overdue and held_until
            else ""
        )
    return deliveries


def wanted_events(row: Connection) -> list[str]:
    """Radarr's labels of the events the connection is switched on for."""
    return [label for name, label in EVENT_LABELS.items() if getattr(row, name, False)]


@admin_required
def connections(request: HttpRequest) -> HttpResponse:
    """Every connection with its events, state and deliveries waiting, retrying or given
    up (in the last week)."""
    rows = list(Connection.objects.all())
    counts = services.delivery_counts_by_connection()
    keys = [row.provider_key for row in rows]
    statuses = {s.key: s for s in ProviderStatus.objects.filter(key__in=keys)}
    listing = [
        {
            "row": row,
            "events": wanted_events(row),
            "state": connection_state(statuses.get(row.provider_key)),
            "counts": counts.get(row.pk, services.DeliveryCounts()),
        }
        for row in rows
    ]
    return render(request, "settings/connections.html", {"listing": listing, "kinds": KIND_CHOICES})


def edit_context(form: ConnectionForm, **extra) -> dict:
    """What the edit page shows around the form (mappings and deliveries once saved)."""
    row = form.instance
    context = {"form": form, "row": row, "kind_label": form.kind_label, "role": form.role}
    if row.pk:
        status = ProviderStatus.objects.filter(key=row.provider_key).first()
        context["state"] = connection_state(status)
        context["deliveries"] = describe_deliveries(
            row, services.recent_deliveries(row, RECENT_DELIVERIES), status
        )
        if form.role == MEDIA_SERVER:
            context["mappings"] = row.path_mappings.all()
            context["mapping_form"] = extra.pop("mapping_form", None) or PathMappingForm(
                connection=row
            )
    return {**context, **extra}


def stored_settings(row: Connection) -> dict:
    """The columns whose change makes it a new connection (see after_save)."""
    return {name: getattr(row, name) for name in CONNECTION_COLUMNS}


def after_save(row: Connection, before: dict | None) -> None:
    """New settings forget the old ones' failures and hold (the next delivery goes at
    once); a renamed connection keeps its status under the new name."""
    if before is not None and before != stored_settings(row):
        ProviderStatus.objects.filter(key=row.provider_key).delete()
    else:
        ProviderStatus.objects.filter(key=row.provider_key).update(label=row.name)


@admin_required
def connection_add(request: HttpRequest) -> HttpResponse:
    """Choose a kind (?kind=), then fill in its form."""
    kind = request.POST.get("kind") or request.GET.get("kind", "")
    if kind not in KINDS:
        return render(request, "settings/connection_edit.html", {"choose_kind": KIND_CHOICES})
    form = ConnectionForm(request.POST or None, kind=kind)
    if request.method == "POST" and form.is_valid():
        row = form.save()
        after_save(row, None)
        messages.success(request, f"Connection {row.name} added.")
        return redirect("settings:connection_edit", pk=row.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "settings/connection_edit.html", edit_context(form), status=status)


@admin_required
def connection_edit(request: HttpRequest, pk: int) -> HttpResponse:
    row = get_object_or_404(Connection, pk=pk)
    if row.kind not in KINDS:
        # A kind dropped from this version: the row can only be deleted.
        messages.error(request, f"{row.name}: the kind {row.kind!r} is not available any more.")
        return redirect("settings:connections")
    before = stored_settings(row)
    form = ConnectionForm(request.POST or None, instance=row)
    if request.method == "POST" and form.is_valid():
        row = form.save()
        after_save(row, before)
        messages.success(request, f"Connection {row.name} saved.")
        return redirect("settings:connections")
    status = 400 if request.method == "POST" else 200
    return render(request, "settings/connection_edit.html", edit_context(form), status=status)


@admin_required
def connection_delete(request: HttpRequest, pk: int) -> HttpResponse:
    """GET asks for confirmation; POST deletes the connection and its waiting deliveries."""
    row = get_object_or_404(Connection, pk=pk)
    if request.method != "POST":
        pending = row.deliveries.filter(state=Delivery.State.PENDING).count()
        context = {"confirm_delete": row, "pending": pending}
        return render(request, "settings/connection_edit.html", context)
    ProviderStatus.objects.filter(key=row.provider_key).delete()
    row.delete()
    messages.success(request, f"Connection {row.name} deleted.")
    return redirect("settings:connections")


@admin_required
@require_POST
def connection_mapping_add(request: HttpRequest, pk: int) -> HttpResponse:
    row = get_object_or_404(Connection, pk=pk)
    mapping_form = PathMappingForm(request.POST, connection=row)
    if row.role == MEDIA_SERVER and mapping_form.is_valid():
        mapping = mapping_form.save()
        messages.success(request, f"Path mapping {mapping} added.")
        return redirect("settings:connection_edit", pk=row.pk)
    if row.role != MEDIA_SERVER:
        mapping_form.add_error(None, "Only a media server has path mappings.")
    context = edit_context(ConnectionForm(instance=row), mapping_form=mapping_form)
    return render(request, "settings/connection_edit.html", context, status=400)


@admin_required
@require_POST
def connection_mapping_delete(request: HttpRequest, pk: int, mapping_pk: int) -> HttpResponse:
    mapping = get_object_or_404(PathMapping, pk=mapping_pk, connection_id=pk)
    mapping.delete()
    messages.success(request, f"Path mapping {mapping} deleted.")
    return redirect("settings:connection_edit", pk=pk)


@admin_required
@require_POST
def connection_delivery_retry(request: HttpRequest, pk: int, delivery_pk: int) -> HttpResponse:
    """Send a given-up delivery again (queued now, its attempts start over)."""
    delivery = get_object_or_404(Delivery, pk=delivery_pk, connection_id=pk)
    if services.retry_delivery(delivery.pk):
        messages.success(request, f"{delivery.event} to {delivery.connection.name} queued again.")
    else:
        messages.error(request, "Only a delivery that was given up can be retried.")
    return redirect("settings:connection_edit", pk=pk)
