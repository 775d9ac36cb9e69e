"""Activity → Blocklist: releases that will not be grabbed again; admins may unblock them."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from downloads.models import Blocklist
from movies.models import Movie
from radarr_site.accounts.decorators import admin_required

PAGE_SIZE = 50


FILTERS = ("movie", "protocol", "indexer")


def blocklist(request: HttpRequest) -> HttpResponse:
    """Everyone signed in may read it; only admins get the remove controls. Filters:
    `movie` (id), `protocol`, `indexer`; the pager keeps them."""
    chosen = {name: request.GET.get(name, "").strip() for name in FILTERS}
    rows = Blocklist.objects.select_related("movie")
    if chosen["movie"].isdigit():
        rows = rows.filter(movie_id=int(chosen["movie"]))
    if chosen["protocol"]:
        rows = rows.filter(protocol=chosen["protocol"])
    if chosen["indexer"]:
        rows = rows.filter(indexer=chosen["indexer"])
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "chosen": chosen,
        "filter_query": urlencode({k: v for k, v in chosen.items() if v}),
        "movies": Movie.objects.filter(blocklist__isnull=False).distinct().order_by("sort_title"),
        "indexers": Blocklist.objects.exclude(indexer="")
        .order_by("indexer")
        .values_list("indexer", flat=True)
        .distinct(),
    }
    return render(request, "downloads/blocklist.html", context)


@require_POST
@admin_required
def blocklist_remove(request: HttpRequest) -> HttpResponse:
    """Remove the ticked entries (`ids`), or the one named by `id`."""
    # A row's own Remove button names just that row, whatever else is ticked.
    one = request.POST.get("id", "")
    chosen = [one] if one else request.POST.getlist("ids")
    ids = [int(v) for v in chosen if v.isdigit()]
    if not ids:
        messages.error(request, "Choose at least one release to remove from the blocklist.")
    else:
        count, _ = Blocklist.objects.filter(pk__in=ids).delete()
        messages.success(request, f"Removed {count} release(s) from the blocklist.")
    page = request.POST.get("page", "")
    target = reverse("activity:blocklist")
    return redirect(target + (f"?page={page}" if page.isdigit() else ""))
