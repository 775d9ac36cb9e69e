"""Settings → Indexers → Options (admins only): how releases are judged, RSS interval."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from indexers.forms import IndexerOptionsForm
from indexers.models import IndexerOptions
from radarr_site.accounts.decorators import admin_required


@admin_required
def indexer_options(request: HttpRequest) -> HttpResponse:
    """Edit the indexer options; a failed save shows the page again with the errors."""
    form = IndexerOptionsForm(request.POST or None, instance=IndexerOptions.load())
    if request.method == "POST":
        if form.is_valid():
            form.save()
            messages.success(request, "Indexer options saved.")
            return redirect("settings:indexer_options")
        return render(request, "settings/indexer_options.html", {"form": form}, status=400)
    return render(request, "settings/indexer_options.html", {"form": form})
