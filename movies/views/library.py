"""The library page: poster grid or table, search, filters, sort and paging."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET
from django.views.decorators.vary import vary_on_headers

from movies.library import FILTER_LABELS, SORT_LABELS, library_page
from movies.models import RootFolder
from radarr_site.accounts.roles import is_admin


@require_GET
@vary_on_headers("HX-Request")
def library(request: HttpRequest) -> HttpResponse:
    """Every signed-in user; HTMX swaps get the results fragment only."""
    page = library_page(request.GET.dict())
    context = {"page": page, "filter_labels": FILTER_LABELS, "sort_labels": SORT_LABELS}
    if page.params["view"] == "table" and is_admin(request.user):
        # Only admins get the bulk action bar, and it needs the root folders.
        context["root_folders"] = list(RootFolder.objects.only("id", "path"))
    # A history restore (back button after a cache miss) needs the whole page.
    if request.htmx and not request.htmx.boosted and not request.htmx.history_restore_request:
        # Header links and pager links swap only the results; the toolbar's sort selects
        # come along out of band so the next search keeps the sort shown.
        context["oob_sort"] = True
        return render(request, "movies/partials/library_results.html", context)
    return render(request, "movies/library.html", context)
